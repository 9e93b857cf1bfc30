package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.auth.JwtIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Three standalone server processes joined by the real Redis of the test machine: a message crosses processes,
 * a node killed with SIGKILL leaves no ghost presence after about three heartbeats, and no channel of the
 * deployment's prefix is left once every node has stopped.
 */
class ProcessClusterIT {
    private static final String SECRET = "process-cluster-secret-0123456789abcd";
    private static final String REDIS_URL = System.getenv().getOrDefault("REALTIME_TEST_REDIS_URL",
            "redis://127.0.0.1:6379");
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @TempDir
    Path workDir;
    private final String prefix = "rt-process-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<JarProcess> nodes = new ArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (WsTestClient c : clients) {
            c.close();
        }
        for (JarProcess node : nodes) {
            node.close();
        }
    }

    private int startNode(String id) throws Exception {
        JarProcess node = JarProcess.launch(workDir, Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general",
                "REALTIME_NODE_ID", id, "REALTIME_REDIS_URL", REDIS_URL, "REALTIME_REDIS_CHANNEL_PREFIX", prefix,
                "REALTIME_PRESENCE_HEARTBEAT", Long.toString(HEARTBEAT.toMillis())), "serve");
        nodes.add(node);
        return node.awaitReady()[0];
    }

    private WsTestClient join(int wsPort, String user) throws Exception {
        WsTestClient client = new WsTestClient("ws://127.0.0.1:" + wsPort + "/ws");
        clients.add(client);
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        client.send("{\"event\":\"auth\",\"data\":{\"token\":\"" + new JwtIssuer(SECRET).issue(user,
                Duration.ofMinutes(5)) + "\"},\"ack\":1}");
        awaitMessage(client, "\"ack\":1");
        client.send("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"},\"ack\":2}");
        assertThat(awaitMessage(client, "\"ack\":2")).contains("\"success\":true");
        return client;
    }

    /** The next message containing every fragment, skipping others. */
    private static String awaitMessage(WsTestClient client, String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String message = client.messages.poll(1, TimeUnit.SECONDS);
            if (message != null && List.of(fragments).stream().allMatch(message::contains)) {
                return message;
            }
        }
        throw new AssertionError("no message with " + List.of(fragments) + " within 30 s");
    }

    private static int nextAck = 100;

    /** Asks with presence:get until the user has the status (cross-node state arrives asynchronously). */
    private static void awaitPresence(WsTestClient client, String user, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            int ack = nextAck++;
            client.send("{\"event\":\"presence:get\",\"data\":{\"userIds\":[\"" + user + "\"]},\"ack\":" + ack + "}");
            if (awaitMessage(client, "\"ack\":" + ack).contains("\"status\":\"" + status + "\"")) {
                return;
            }
        }
        throw new AssertionError(user + " not " + status + " within 30 s");
    }

    @Test
    void threeProcessesActAsOneServerAndAKilledNodeLeavesNoGhostPresence() throws Exception {
        int portA = startNode("node-a");
        int portB = startNode("node-b");
        int portC = startNode("node-c");
        WsTestClient alice = join(portA, "alice");
        WsTestClient bob = join(portB, "bob");
        WsTestClient carol = join(portC, "carol");
        // Bob came online before he shared a room with anyone, so ask rather than wait for an announcement.
        awaitPresence(alice, "bob", "online");

        alice.send("{\"event\":\"message:send\",\"data\":{\"roomName\":\"general\",\"content\":\"across\"}}");
        assertThat(awaitMessage(bob, "message:new")).contains("\"content\":\"across\"", "\"userId\":\"alice\"");
        assertThat(awaitMessage(carol, "message:new")).contains("\"content\":\"across\"");

        nodes.get(1).process.destroyForcibly(); // SIGKILL: node B says no goodbye
        assertThat(nodes.get(1).process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitMessage(alice, "presence:changed", "\"userId\":\"bob\"", "\"status\":\"offline\"");
        awaitMessage(carol, "presence:changed", "\"userId\":\"bob\"", "\"status\":\"offline\"");
        carol.send("{\"event\":\"presence:get\",\"data\":{\"userIds\":[\"bob\",\"alice\"]},\"ack\":3}");
        String presences = awaitMessage(carol, "\"ack\":3");
        assertThat(presences).contains("\"userId\":\"bob\",\"status\":\"offline\"")
                .contains("\"userId\":\"alice\",\"status\":\"online\"");

        for (JarProcess node : List.of(nodes.get(0), nodes.get(2))) {
            assertThat(node.process.toHandle().destroy()).isTrue(); // SIGTERM
            assertThat(node.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process.exitValue()).isZero();
        }
        try (Jedis jedis = new Jedis(URI.create(REDIS_URL))) {
            assertThat(jedis.pubsubChannels(prefix + "*")).isEmpty();
        }
    }
}
