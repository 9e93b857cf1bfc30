package dev.realtime.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations port against clients that misbehave: leave early, trickle, hold, pipeline, oversize. */
class OpsHttpHardeningTest {
    private static final HealthReport OK = new HealthReport("ok", "n1", 5, 2, 3,
            new HealthReport.StoreHealth("memory", true, true, 0, 0),
            new HealthReport.BusHealth("local", true, List.of()));
    /** Well under the default 10 s header timeout, which would free a port blocked by held connections. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROMPTLY).build();
    private final List<AutoCloseable> held = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    /** Stands in for the admin workers: answers /api from another thread, a little later. */
    private final Executor apiPool = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
    private OpsHttpServer server;

    @AfterEach
    void stop() throws Exception {
        ticker.shutdownNow();
        for (AutoCloseable c : held) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(OpsLimits limits) {
        server = new OpsHttpServer(new OpsSettings("127.0.0.1", 0, List.of("*"), true, "/health", true, "/metrics",
                limits), () -> OK, registry, () -> Map.of("connections", Map.of("total", 2)));
        server.route("/api", request -> CompletableFuture.supplyAsync(
                () -> OpsResponse.json(200, Map.of("api", request.rawPath(), "bytes", request.bodyLength())), apiPool));
        server.start();
    }

    private static OpsLimits limits(int maxConnections, Duration header, Duration idle, int maxBody) {
        return new OpsLimits(maxConnections, header, idle, maxBody);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).method(method, HttpRequest.BodyPublishers.ofString("{}")).timeout(PROMPTLY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(method + " " + path + " answered promptly")
                .isLessThan(PROMPTLY);
        return response;
    }

    private RawConnection connection() throws IOException {
        RawConnection connection = new RawConnection(server.port());
        held.add(connection);
        return connection;
    }

    private double timedOut(String phase) {
        return registry.get("realtime.http.connections.timed.out").tag("phase", phase).counter().count();
    }

    private double open() {
        return registry.get("realtime.http.connections.open").gauge().value();
    }

    @Test
    void clientsThatCloseWithoutReadingLeaveNoDescriptorBehind() throws Exception {
        start(OpsLimits.defaults());
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
        long baseline = openFds();
        String[] requests = {"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", "POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
            "GET /health HTTP/1.1\r\nHost: x\r\n"};
        for (int i = 0; i < 300; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
                if (i % 2 == 0) {
                    socket.setSoLinger(true, 0); // close with a reset rather than a FIN
                }
                OutputStream out = socket.getOutputStream();
                out.write(requests[i % requests.length].getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(openFds()).as("descriptors, baseline " + baseline).isLessThanOrEqualTo(baseline + 10);
            assertThat(open()).as("connections the server holds besides the client's pooled one").isLessThanOrEqualTo(1);
        });
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void heldAndSlowConnectionsDoNotDelayOtherClients() throws Exception {
        start(OpsLimits.defaults());
        for (int i = 0; i < 20; i++) {
            connection().send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        }
        for (int i = 0; i < 5; i++) {
            RawConnection slowBody = connection().send(
                    "POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"name\":");
            ticker.scheduleAtFixedRate(() -> {
                try {
                    slowBody.send(" ");
                } catch (IOException e) {
                    // closed by the test's end
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }
        await().until(() -> open() >= 25);
        for (int round = 0; round < 3; round++) {
            assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
            assertThat(send("GET", "/metrics").body()).contains("realtime_http_connections_open");
            assertThat(send("POST", "/api/rooms").body()).contains("\"api\":\"/api/rooms\"");
        }
    }

    @Test
    void anUnfinishedHeadIsClosedAfterTheHeaderTimeoutAndCounted() throws Exception {
        start(limits(256, Duration.ofMillis(300), Duration.ofSeconds(60), 1024));
        long started = System.nanoTime();
        RawConnection partial = connection().send("GET /health HTTP/1.1\r\nHost: x\r\n");
        RawConnection silent = connection();
        RawConnection.Response answer = partial.read();
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(partial.closedByServer()).isTrue();
        assertThat(silent.closedByServer()).as("a connection that sends nothing is closed too").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        await().untilAsserted(() -> assertThat(timedOut("head")).isEqualTo(2.0));
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void tricklingBytesDoesNotExtendTheDeadline() throws Exception {
        start(limits(256, Duration.ofMillis(500), Duration.ofSeconds(60), 1024));
        RawConnection trickle = connection().send("GET /health HTTP/1.1\r\nHost: x\r\nX-Drip: ");
        ticker.scheduleAtFixedRate(() -> {
            try {
                trickle.send("a");
            } catch (IOException e) {
                // the server closed it: what this test waits for
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        assertThat(trickle.read().status()).isEqualTo(408);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        await().untilAsserted(() -> assertThat(timedOut("head")).isEqualTo(1.0));
    }

    @Test
    void aSlowBodyIsClosedAfterTheTimeout() throws Exception {
        start(limits(256, Duration.ofMillis(300), Duration.ofSeconds(60), 1024));
        RawConnection slow = connection().send("POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
        assertThat(slow.read().status()).isEqualTo(408);
        assertThat(slow.closedByServer()).isTrue();
        await().untilAsserted(() -> assertThat(timedOut("body")).isEqualTo(1.0));
    }

    @Test
    void keepAliveServesSeveralRequestsThenAnIdleConnectionIsClosed() throws Exception {
        start(limits(256, Duration.ofSeconds(5), Duration.ofMillis(400), 1024));
        RawConnection connection = connection();
        for (int i = 0; i < 3; i++) {
            RawConnection.Response health = connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("Connection")).isNull();
        }
        assertThat(connection.closedByServer()).isTrue();
        await().untilAsserted(() -> assertThat(timedOut("idle")).isEqualTo(1.0));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndHeadHasNoBody() throws Exception {
        start(OpsLimits.defaults());
        RawConnection connection = connection().send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /api/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
        RawConnection.Response health = connection.read();
        assertThat(health.body()).contains("\"status\":\"ok\"");
        RawConnection.Response head = connection.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(Integer.parseInt(head.header("Content-Length"))).isEqualTo(health.body().length());
        assertThat(connection.read().body()).contains("\"api\":\"/api/a\"", "\"bytes\":5");
        assertThat(connection.read().status()).isEqualTo(404);
        RawConnection.Response last = connection.read();
        assertThat(last.body()).isEqualTo("{\"connections\":{\"total\":2}}");
        assertThat(last.header("Connection")).isEqualTo("close");
        assertThat(connection.closedByServer()).isTrue();
    }

    @Test
    void theConnectionCapRefusesExtraConnectionsAtOnce() throws Exception {
        start(limits(3, Duration.ofSeconds(10), Duration.ofSeconds(60), 1024));
        List<RawConnection> three = List.of(connection(), connection(), connection());
        await().until(() -> open() == 3.0);
        RawConnection extra = connection();
        extra.socket.setSoTimeout(5_000);
        assertThat(extra.closedByServer()).as("closed without a request").isTrue();
        assertThat(registry.get("realtime.http.connections.refused").counter().count()).isEqualTo(1.0);
        assertThat(open()).isEqualTo(3.0);
        three.get(0).close();
        await().until(() -> open() == 2.0);
        RawConnection.Response health = connection().send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void oversizedHeadsAndBodiesAreRefused() throws Exception {
        start(limits(256, Duration.ofSeconds(5), Duration.ofSeconds(60), 1024));
        RawConnection longLine = connection().send("GET /" + "a".repeat(OpsLimits.MAX_INITIAL_LINE_BYTES)
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longLine.read().status()).isEqualTo(400);
        assertThat(longLine.closedByServer()).isTrue();

        StringBuilder headers = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 20; i++) {
            headers.append("X-Filler-").append(i).append(": ").append("b".repeat(1_000)).append("\r\n");
        }
        RawConnection bigHeaders = connection().send(headers.append("\r\n").toString());
        assertThat(bigHeaders.read().status()).isEqualTo(431);
        assertThat(bigHeaders.closedByServer()).isTrue();

        RawConnection declared = connection().send("POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
        RawConnection.Response tooLarge = declared.read();
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than 1024 bytes");
        assertThat(tooLarge.header("Access-Control-Allow-Origin")).isEqualTo("*");
        declared.send("x".repeat(5000));
        assertThat(declared.closedByServer()).isTrue();

        RawConnection chunked = connection().send("POST /api/rooms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("200\r\n" + "c".repeat(0x200) + "\r\n").repeat(3));
        assertThat(chunked.read().status()).isEqualTo(413);
        assertThat(chunked.closedByServer()).isTrue();

        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theConnectionMetersAreExposed() throws Exception {
        start(OpsLimits.defaults());
        String metrics = send("GET", "/metrics").body();
        assertThat(metrics).contains("realtime_http_connections_open 1.0", "realtime_http_connections_refused_total 0.0",
                "realtime_http_connections_timed_out_total{phase=\"head\"} 0.0");
        server.close();
        assertThat(registry.find("realtime.http.connections.open").gauge()).as("removed with the server").isNull();
        server = null;
    }
}
