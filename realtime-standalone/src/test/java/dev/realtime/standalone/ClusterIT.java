package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two standalone nodes wired from DATABASE_URL and REALTIME_REDIS_URL against the real PostgreSQL and Redis of
 * the test machine (a fresh database and a unique channel prefix each run): a message sent on one node reaches
 * a client of the other, and /health reports both services; with the shared PostgreSQL history and the Redis
 * recovery store, a message resent on the other node is accepted once and a rejoin there with {@code since} catches
 * up.
 */
class ClusterIT {
    private static final String PG_HOST = env("REALTIME_TEST_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("REALTIME_TEST_PG_PORT", "5432");
    private static final String REDIS_HOST = env("REALTIME_TEST_REDIS_HOST", "127.0.0.1");
    private static final String REDIS_PORT = env("REALTIME_TEST_REDIS_PORT", "6379");
    private static final String SECRET = "cluster-it-secret-0123456789abcdef01";

    private final String database = "realtime_standalone_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String prefix = "rt-standalone-it-" + UUID.randomUUID();
    private RealtimeServer nodeA;
    private RealtimeServer nodeB;

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @BeforeEach
    void createDatabase() throws SQLException {
        admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/test",
                "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private RealtimeServer node(String id) {
        return node(id, Map.of());
    }

    private RealtimeServer node(String id, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general",
                "REALTIME_NODE_ID", id,
                "DATABASE_URL", "postgresql://postgres@" + PG_HOST + ":" + PG_PORT + "/" + database,
                "REALTIME_REDIS_URL", "redis://" + REDIS_HOST + ":" + REDIS_PORT,
                "REALTIME_REDIS_CHANNEL_PREFIX", prefix));
        env.putAll(extra);
        return RealtimeServer.start(ConfigLoader.load(env));
    }

    private WsTestClient joinedClient(RealtimeServer node, String user) throws Exception {
        WsTestClient client = new WsTestClient("ws://127.0.0.1:" + node.port() + "/ws");
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        client.send("{\"event\":\"auth\",\"data\":{\"token\":\"" + new JwtIssuer(SECRET).issue(user, Duration.ofMinutes(5))
                + "\"},\"ack\":1}");
        await().atMost(Duration.ofSeconds(15)).until(() -> client.messages.stream().anyMatch(m -> m.contains("\"ack\":1")));
        client.send("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"},\"ack\":2}");
        await().atMost(Duration.ofSeconds(15)).until(() -> client.messages.stream()
                .anyMatch(m -> m.startsWith("{\"ack\":2,\"data\":{\"success\":true")));
        return client;
    }

    /** The first ack frame with {@code id} the client received. */
    private static String ack(WsTestClient client, int id) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> client.messages.stream()
                .filter(m -> m.startsWith("{\"ack\":" + id + ",")).findFirst().orElse(null), m -> m != null);
    }

    @Test
    void withRedisAResendAndACatchUpWorkOnTheOtherNode() throws Exception {
        Map<String, String> shared = Map.of("REALTIME_HISTORY", "postgres");
        nodeA = node("node-a-" + prefix, shared);
        nodeB = node("node-b-" + prefix, shared);
        WsTestClient onA = joinedClient(nodeA, "alice");
        String send = "{\"event\":\"message:send\",\"data\":{\"roomName\":\"general\",\"content\":\"once\","
                + "\"clientMessageId\":\"c-7\"},\"ack\":%d}";
        onA.send(String.format(send, 3));
        String first = ack(onA, 3);
        onA.close();

        WsTestClient onB = joinedClient(nodeB, "alice");
        onB.send(String.format(send, 3));
        String resent = ack(onB, 3);
        onB.send("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\",\"since\":{\"offset\":0,"
                + "\"epoch\":\"" + epochOf(ack(onB, 2)) + "\"}},\"ack\":4}");
        String caughtUp = ack(onB, 4);

        assertThat(first).contains("\"success\":true").doesNotContain("duplicate");
        assertThat(resent).contains("\"duplicate\":true", idOf(first));
        assertThat(caughtUp).contains("\"recovered\":true", "\"content\":\"once\"");
        assertThat(caughtUp.split("\"content\"", -1)).as("kept once").hasSize(2);
        onB.close();
    }

    private static String epochOf(String joinAck) {
        int at = joinAck.indexOf("\"epoch\":\"") + 9;
        return joinAck.substring(at, joinAck.indexOf('"', at));
    }

    private static String idOf(String sendAck) {
        int at = sendAck.indexOf("\"id\":\"") + 6;
        return sendAck.substring(at - 6, sendAck.indexOf('"', at) + 1);
    }

    @Test
    void aMessageSentOnOneNodeReachesTheOtherAndHealthShowsBothServices() throws Exception {
        nodeA = node("node-a-" + prefix);
        nodeB = node("node-b-" + prefix);
        WsTestClient alice = joinedClient(nodeA, "alice");
        WsTestClient bob = joinedClient(nodeB, "bob");
        alice.send("{\"event\":\"message:send\",\"data\":{\"roomName\":\"general\",\"content\":\"across nodes\"},\"ack\":3}");
        await().atMost(Duration.ofSeconds(20)).until(() -> bob.messages.stream()
                .anyMatch(m -> m.contains("\"message:new\"") && m.contains("across nodes")));

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + nodeA.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"name\":\"postgres\"", "\"name\":\"redis\"", "\"status\":\"ok\"");
        alice.close();
        bob.close();
    }
}
