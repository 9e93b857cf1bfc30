package dev.realtime.bus.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A {@code redis-server} of the test's own on a free port, without persistence, that the test may kill, pause
 * and restart on the same port. The machine's shared Redis is never touched. A missing {@code redis-server}
 * fails the test.
 */
final class PrivateRedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final List<String> extraArguments;
    private final Path directory;
    private Process process;
    private boolean paused;

    private PrivateRedisServer(int port, List<String> extraArguments) {
        this.port = port;
        this.extraArguments = extraArguments;
        try {
            this.directory = Files.createTempDirectory("realtime-redis-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on a free port, not yet running: call {@link #start()}. */
    static PrivateRedisServer onFreePort(String... extraArguments) {
        return new PrivateRedisServer(freePort(), List.of(extraArguments));
    }

    /** A running server that speaks only TLS on its port, with this certificate and key (PEM files). */
    static PrivateRedisServer startedWithTls(Path certificate, Path key) {
        int port = freePort();
        PrivateRedisServer server = new PrivateRedisServer(port, List.of("--port", "0",
                "--tls-port", Integer.toString(port), "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(), "--tls-auth-clients", "no"));
        server.start();
        return server;
    }

    /** A running server. */
    static PrivateRedisServer started(String... extraArguments) {
        PrivateRedisServer server = onFreePort(extraArguments);
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on its port and waits until it answers. */
    void start() {
        List<String> command = new ArrayList<>(List.of("redis-server",
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("redis-server must be on the PATH for the Redis fault tests", e);
        }
        Process started = process;
        await("redis-server on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsMatching(e -> started.isAlive())
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new AssertionError("redis-server exited: " + log());
                    }
                    return answers();
                });
    }

    private boolean answers() {
        if (extraArguments.contains("--tls-port")) {
            return log().contains("Ready to accept connections");
        }
        try (Jedis jedis = TestRedis.connect(RedisEndpoint.parse(url()))) {
            return "PONG".equals(jedis.ping());
        } catch (JedisDataException e) {
            return true; // NOAUTH: up, and wants a password
        }
    }

    /** Kills the server at once (SIGKILL): no goodbye to its clients. */
    void kill() {
        resume();
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
    void pause() {
        signal("-STOP");
        paused = true;
    }

    /** Thaws a paused server (SIGCONT). */
    void resume() {
        if (paused) {
            signal("-CONT");
            paused = false;
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    int port() {
        return port;
    }

    /** The directory the server runs in; removed on {@link #close()}. */
    Path directory() {
        return directory;
    }

    /** URL of this server, with {@code userInfo} (such as {@code ":secret"}) if given. */
    String url(String userInfo) {
        return "redis://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port;
    }

    String url() {
        return url("");
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
