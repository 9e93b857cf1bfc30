package dev.realtime.standalone;

import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code serve}: runs the server until SIGTERM/SIGINT, then shuts down cleanly and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the real-time server (configuration from the environment and an optional .env file).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    private RealtimeCli parent;

    @Option(names = "--dev", description = "Development mode: random secret, a printed token, anonymous access, "
            + "a 'general' room. Never use in production.")
    private boolean dev;

    @Override
    public Integer call() {
        Map<String, String> env = parent.environment();
        DevMode devMode = dev ? new DevMode() : null;
        ServerConfig config;
        try {
            config = ConfigLoader.load(devMode == null ? env : devMode.overlay(env));
        } catch (ConfigException e) {
            return parent.fail(e);
        }
        if (devMode != null) {
            LOG.warn("DEVELOPMENT MODE: random JWT secret, anonymous access on; never use this in production");
        }
        LOG.info("starting with {}", config);
        CountDownLatch stop = new CountDownLatch(1);
        RealtimeServer server;
        try {
            server = RealtimeServer.start(config);
        } catch (ConfigException e) {
            return parent.fail(e);
        } catch (RuntimeException e) {
            LOG.error("could not start: {}", e.getMessage(), e);
            parent.err().println("realtime: could not start: " + e.getMessage());
            return 1;
        }
        if (!ShutdownSignals.install(stop::countDown)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "realtime-shutdown"));
        }
        if (devMode != null) {
            devMode.announce(parent.out(), server.port(), server.httpPort(), server.servesPolling());
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("signal received");
        server.close();
        return 0;
    }
}
