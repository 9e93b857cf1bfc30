package dev.realtime.standalone;

import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.EnvSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code realtime} command; its subcommands do the work. */
@Command(name = "realtime", mixinStandardHelpOptions = true, version = "realtime 0.1.0",
        description = "Real-time server: rooms, presence, typing, JWT auth; Socket.IO compatible.",
        subcommands = {ServeCommand.class})
final class RealtimeCli implements Runnable {
    @Option(names = "--env-file", paramLabel = "FILE", defaultValue = ".env",
            description = "Optional file of NAME=value lines; the real environment wins (default: ${DEFAULT-VALUE}).")
    private Path envFile;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    RealtimeCli(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        err.println("realtime: name a command, for example 'realtime serve' (see --help)");
    }

    /** The variables: the env file overlaid by the real environment. */
    Map<String, String> environment() {
        return EnvSource.load(environment, envFile);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Prints each configuration problem on its own line; returns the exit status. */
    int fail(ConfigException e) {
        for (String problem : e.problems()) {
            err.println("realtime: " + problem);
        }
        return 2;
    }
}
