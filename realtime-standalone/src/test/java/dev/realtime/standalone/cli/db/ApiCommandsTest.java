package dev.realtime.standalone.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.core.internal.json.Json;
import dev.realtime.standalone.RealtimeServer;
import dev.realtime.standalone.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The CLI commands against a live in-memory server through its admin API ({@code --url} / REALTIME_ADMIN_URL). */
class ApiCommandsTest {
    private static final String SECRET = "api-commands-test-secret-0123456789abcdef";
    private static final String TOKEN = "api-commands-test-admin-token-0123";

    private RealtimeServer server;
    private String url;

    @Command(name = "realtime")
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    /**
     * @param exit exit code
     * @param out  standard output
     * @param err  standard error
     */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.reader().readTree(out);
        }
    }

    @BeforeEach
    void start() {
        server = RealtimeServer.start(ConfigLoader.load(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                        "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ADMIN_TOKEN", TOKEN,
                        "REALTIME_ROOMS", "general")));
        url = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Root());
        DbCommands.addTo(cli, () -> env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run live(String... args) {
        return run(Map.of("REALTIME_ADMIN_URL", url, "REALTIME_ADMIN_TOKEN", TOKEN), args);
    }

    @Test
    void roomAndMemberCommandsChangeTheRunningServer() throws Exception {
        Run created = live("create-room", "ops", "--type", "group", "--visibility", "private", "--max-members", "5");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created room ops (group, private, max 5 members)");
        assertThat(server.realtime().rooms().get("ops")).isPresent();

        assertThat(live("add-member", "ops", "alice", "--role", "moderator").out())
                .contains("added alice in ops as moderator");
        Run info = live("room-info", "ops");
        assertThat(info.out()).contains("ROOM", "ops", "private", "alice", "moderator");
        assertThat(live("room-info", "ops", "--json").json().path("members").get(0).path("userId").asText())
                .isEqualTo("alice");

        Run rooms = live("rooms");
        assertThat(rooms.out()).contains("NAME", "general", "ops");
        assertThat(live("rooms", "--json").json().findValuesAsText("name")).containsExactly("general", "ops");

        assertThat(live("remove-member", "ops", "alice").out()).contains("removed alice from ops");
        assertThat(server.realtime().rooms().members("ops")).isEmpty();
        assertThat(live("delete-room", "ops").out()).contains("deleted room ops");
        assertThat(server.realtime().rooms().get("ops")).isEmpty();
    }

    @Test
    void connectionsStatsAndEventsShowLiveState() throws Exception {
        WebSocket socket = connect("carol");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.realtime().connectionCount() == 1);

        Run connections = live("connections");
        assertThat(connections.exit()).as(connections.err()).isZero();
        assertThat(connections.out()).contains("carol", "websocket_json");
        assertThat(live("connections", "--json").json().findValuesAsText("userId")).containsExactly("carol");

        Run stats = live("stats");
        assertThat(stats.out()).contains("open connections", "status");
        assertThat(live("stats", "--json").json().path("connections").path("total").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(live("events", "-t", "connect").out()).contains("connect", "carol"));
        socket.abort();
    }

    @Test
    void revokeClosesTheUsersConnectionsAndRefusesTheirToken() throws Exception {
        String token = new JwtIssuer(SECRET).issue("dave", Duration.ofMinutes(5));
        CompletableFuture<String> first = closeOf(token);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.realtime().connectionCount() == 1);

        Run revoked = live("revoke", "dave");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked dave: 1 connection(s) closed", "86400 s");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("4003 TOKEN_REVOKED");
        assertThat(closeOf(token).get(10, TimeUnit.SECONDS)).isEqualTo("1008 TOKEN_REVOKED");
        assertThat(live("revoke", "dave", "--json").json().path("closedHere").asInt()).isZero();

        Run withoutServer = run(Map.of("DATABASE_URL", "not-a-database-url"), "revoke", "dave");
        assertThat(withoutServer.exit()).isEqualTo(1);
        assertThat(withoutServer.err()).contains("running servers only");
    }

    @Test
    void connectionsAndStatsPreferTheServerWhileOtherCommandsKeepTheDatabase() {
        Map<String, String> both = new HashMap<>(Map.of("REALTIME_ADMIN_URL", url, "REALTIME_ADMIN_TOKEN", TOKEN,
                "DATABASE_URL", "not-a-database-url"));
        assertThat(run(both, "stats").exit()).isZero();
        assertThat(run(both, "connections").exit()).isZero();
        Run rooms = run(both, "rooms");
        assertThat(rooms.exit()).isEqualTo(1);
        assertThat(rooms.err()).startsWith("realtime rooms: DATABASE_URL").doesNotContain("Exception");
        assertThat(run(both, "rooms", "--url", url, "--token", TOKEN).exit()).as("--url wins").isZero();
    }

    @Test
    void refusalsAreOneLineAndExitOne() {
        Run missing = live("room-info", "nowhere");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("realtime room-info: ROOM_NOT_FOUND: room nowhere does not exist");

        Run wrongToken = run(Map.of("REALTIME_ADMIN_URL", url, "REALTIME_ADMIN_TOKEN", "wrong"), "rooms");
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).startsWith("realtime rooms: AUTH_REQUIRED");

        Run noToken = run(Map.of("REALTIME_ADMIN_URL", url), "rooms");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("admin token is required");

        Run badType = live("create-room", "x", "--type", "party");
        assertThat(badType.exit()).isEqualTo(1);
        assertThat(badType.err()).contains("--type must be one of");

        Run init = live("init");
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err()).contains("database only");

        Run unreachable = run(Map.of("REALTIME_ADMIN_URL", "http://127.0.0.1:1", "REALTIME_ADMIN_TOKEN", TOKEN),
                "stats");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("UNAVAILABLE", "cannot reach");
    }

    private WebSocket connect(String userId) {
        return connectWith(new JwtIssuer(SECRET).issue(userId, Duration.ofMinutes(5)), new WebSocket.Listener() { });
    }

    /** Connects with {@code token}; the future completes with the close code and reason the server sends. */
    private CompletableFuture<String> closeOf(String token) {
        CompletableFuture<String> close = new CompletableFuture<>();
        connectWith(token, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                close.complete(statusCode + " " + reason);
                return null;
            }
        });
        return close;
    }

    private WebSocket connectWith(String token, WebSocket.Listener listener) {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), listener)
                .join();
        socket.sendText("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"}}", true).join();
        return socket;
    }
}
