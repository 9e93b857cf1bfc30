package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.auth.JwtIssuer;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a separate process: clean exit 0 on SIGTERM, one clear line per bad setting. */
class JarProcessIT {
    private static final String SECRET = "jar-it-secret-0123456789abcdef012345";

    @TempDir
    Path workDir;
    private JarProcess jar;
    private Process process;
    private List<String> output;

    private Process launch(Map<String, String> env, String... args) throws IOException {
        jar = JarProcess.launch(workDir, env, args);
        process = jar.process;
        output = jar.output;
        return process;
    }

    @AfterEach
    void kill() {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void sigtermClosesConnectionsWithGoingAwayAndExitsZero() throws Exception {
        launch(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0",
                "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general"), "serve");
        int[] ports = jar.awaitReady();
        int wsPort = ports[0];
        int httpPort = ports[1];
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        // the native epoll library ships in the jar: the jar uses it wherever this JVM can load it
        String transport = Epoll.isAvailable() ? "(epoll)" : "(nio)";
        assertThat(output).anyMatch(l -> l.contains("operations HTTP on") && l.contains(transport));

        WsTestClient client = new WsTestClient("ws://127.0.0.1:" + wsPort + "/ws");
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        client.send("{\"event\":\"auth\",\"data\":{\"token\":\"" + new JwtIssuer(SECRET).issue("bob", Duration.ofMinutes(5))
                + "\"},\"ack\":1}");
        assertThat(client.next()).contains("\"success\":true");

        // SIGTERM; Process.destroy() would also close our end of its output, losing the shutdown lines
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        await().until(() -> output.stream().anyMatch(l -> l.contains("shut down")));
        assertThat(output).noneMatch(l -> l.contains(SECRET));
    }

    @Test
    void theDefaultTransportServesLongPollingSoADefaultSocketIoClientCanStart() throws Exception {
        launch(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0",
                "REALTIME_JWT_SECRET", SECRET), "serve");
        int wsPort = jar.awaitReady()[0];
        HttpResponse<String> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + wsPort + "/socket.io/?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{").contains("\"sid\"").contains("\"upgrades\":[\"websocket\"]");
        assertThat(output).anyMatch(l -> l.contains("realtime ready") && l.contains("(netty transport)"));
    }

    @Test
    void theJavaWebSocketTransportRefusesLongPollingWithAnExplanation() throws Exception {
        launch(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0",
                "REALTIME_JWT_SECRET", SECRET, "REALTIME_TRANSPORT", "java-websocket"), "serve");
        int wsPort = jar.awaitReady()[0];
        HttpResponse<String> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + wsPort + "/socket.io/?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(400);
        assertThat(open.body()).contains("websocket");
    }

    @Test
    void withoutTheNativeTransportTheOperationsPortFallsBackToNio() throws Exception {
        launch(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0",
                "REALTIME_JWT_SECRET", SECRET, "JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true"), "serve");
        int httpPort = jar.awaitReady()[1];
        assertThat(output).anyMatch(l -> l.contains("operations HTTP on") && l.contains("(nio)"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void badSettingsAreReportedOneLineEachWithANonZeroExit() throws Exception {
        launch(Map.of("REALTIME_PORT", "port", "REALTIME_MAX_CONNECTIONS", "-1"), "serve");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        await().until(() -> output.size() >= 3);
        assertThat(output).contains("realtime: REALTIME_PORT: expected an integer 0..65535, got 'port'",
                "realtime: REALTIME_MAX_CONNECTIONS: expected an integer 1..2147483647, got '-1'");
        assertThat(output).anyMatch(l -> l.startsWith("realtime: no way to verify tokens"));
    }

    @Test
    void devModePrintsAUsableTokenAndJsonLogsWork() throws Exception {
        Files.writeString(workDir.resolve(".env"), "LOG_FORMAT=json\nREALTIME_HOST=127.0.0.1\n");
        launch(Map.of("REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0"), "serve", "--dev");
        await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().anyMatch(l -> l.startsWith("eyJ")));
        assertThat(output).anyMatch(l -> l.contains("DEVELOPMENT MODE"));
        assertThat(output).filteredOn(l -> l.startsWith("{")).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("\"level\""));
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
