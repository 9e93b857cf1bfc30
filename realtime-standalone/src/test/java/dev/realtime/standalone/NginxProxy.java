package dev.realtime.standalone;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx in the foreground, private to one test: its prefix, configuration, logs, pid file and temporary
 * directories live in a fresh directory under {@code target/}. Each site is one {@code server} block on its own
 * free loopback port with its own access log, whose lines say which upstream answered which client with which
 * status. nginx must be installed ({@code .ci/run} installs it); a missing one fails the test.
 */
final class NginxProxy implements AutoCloseable {
    private static final String LOG_FORMAT = "log_format realtime '$remote_addr|$status|$upstream_addr|$request';";

    /** One access log line. */
    record Request(String clientAddress, int status, String upstream, String request) {
        boolean isPolling() {
            return request.contains("transport=polling");
        }
    }

    private final Path dir;
    private final Map<String, Integer> ports;
    private final Process process;

    private NginxProxy(Path dir, Map<String, Integer> ports, Process process) {
        this.dir = dir;
        this.ports = ports;
        this.process = process;
    }

    /**
     * Starts nginx with {@code shared} (upstreams, maps) in its {@code http} block and one server per entry of
     * {@code sites} (site name to its {@code location} blocks); returns once every site accepts connections.
     */
    static NginxProxy start(String shared, Map<String, String> sites) throws IOException {
        Path dir = Path.of("target", "nginx-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        StringBuilder servers = new StringBuilder();
        for (Map.Entry<String, String> site : sites.entrySet()) {
            int port = freePort();
            ports.put(site.getKey(), port);
            servers.append("server {\n    listen 127.0.0.1:").append(port).append(";\n    access_log ")
                    .append(dir.resolve(site.getKey() + ".log")).append(" realtime;\n")
                    .append(site.getValue()).append("\n}\n");
        }
        String config = "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " info;\n"
                + "events { worker_connections 512; }\n"
                + "http {\n" + LOG_FORMAT + "\n" + tempPaths(dir) + shared + "\n" + servers + "}\n";
        Files.writeString(dir.resolve("nginx.conf"), config);
        Process process = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxProxy nginx = new NginxProxy(dir, ports, process);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log"))
                            + readOrEmpty(dir.resolve("error.log")));
                }
                return ports.values().stream().allMatch(NginxProxy::accepts);
            });
        } catch (RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** The URL of site {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    /** Every request site {@code name} has logged so far. */
    List<Request> requests(String name) {
        return readOrEmpty(dir.resolve(name + ".log")).lines().map(line -> line.split("\\|", 4))
                .map(f -> new Request(f[0], Integer.parseInt(f[1]), f[2], f[3])).toList();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String tempPaths(Path dir) {
        StringBuilder paths = new StringBuilder();
        for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            paths.append(kind).append("_temp_path ").append(dir.resolve(kind + "_temp")).append(";\n");
        }
        return paths.toString();
    }

    private static String binary() {
        // Debian puts nginx in /usr/sbin, which is not on every user's PATH
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
