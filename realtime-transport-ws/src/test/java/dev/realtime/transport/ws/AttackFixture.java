package dev.realtime.transport.ws;

import static dev.realtime.transport.ws.JsonClient.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import dev.realtime.core.model.Room;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real server (engine and WebSocket transport) per attack suite, with short deadlines so attacks end
 * quickly. After every attack the server must still serve: a fresh pair of clients authenticates, joins and
 * chats, and the process's file descriptors and threads come back to what they were before the suite.
 */
abstract class AttackFixture {
    static final int MAX_PAYLOAD = 64 * 1024;
    static final int MAX_PRE_AUTH_PAYLOAD = 16 * 1024;
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);
    /** Descriptors and threads the suite's own clients may still hold for a moment. */
    private static final int SLACK = 8;

    static ServerHarness server;
    private static long baselineFds;
    private static int baselineThreads;

    @BeforeAll
    static void startServer() throws Exception {
        server = new ServerHarness(o -> { }, w -> w.maxPayloadBytes(MAX_PAYLOAD)
                .maxPreAuthPayloadBytes(MAX_PRE_AUTH_PAYLOAD).authTimeout(AUTH_TIMEOUT)
                .handshakeTimeout(HANDSHAKE_TIMEOUT).closeTimeout(Duration.ofSeconds(1)), b -> { });
        server.realtime.rooms().create(Room.builder("general").build());
        serverStillServes(); // warms every path once, so the baseline includes lazily started threads
        baselineFds = openFileDescriptors();
        baselineThreads = ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void serverIsHealthyAfterTheAttack() throws Exception {
        serverStillServes();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(openFileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(baselineFds + SLACK);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("threads")
                    .isLessThanOrEqualTo(baselineThreads + SLACK);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.transport.openConnections() == 0);
    }

    int port() {
        return server.transport.port();
    }

    /** A raw connection upgraded on {@code /ws} and authenticated as {@code user}. */
    RawWs authenticated(String user) throws Exception {
        return authenticated(user, 0);
    }

    /** As {@link #authenticated(String)}, with a small socket receive buffer for a client that stops reading. */
    RawWs authenticated(String user, int receiveBuffer) throws Exception {
        RawWs ws = RawWs.upgraded(port(), "/ws", receiveBuffer);
        ws.write(RawWs.frame(RawWs.FIN | RawWs.TEXT, RawWs.utf8(
                "{\"event\":\"auth\",\"data\":{\"token\":\"" + server.tokens.valid(user) + "\"},\"ack\":1}")));
        assertThat(ws.nextText()).contains("\"success\":true");
        return ws;
    }

    static void serverStillServes() throws Exception {
        try (JsonClient alice = new JsonClient(server.jsonUrl()); JsonClient bob = new JsonClient(server.jsonUrl())) {
            assertOk(alice.auth(server.tokens.valid("alice")));
            assertOk(bob.auth(server.tokens.valid("bob")));
            assertOk(alice.request("room:join", Map.of("roomName", "general")));
            assertOk(bob.request("room:join", Map.of("roomName", "general")));
            String content = "still serving " + System.nanoTime();
            assertOk(alice.request("message:send", Map.of("roomName", "general", "content", content)));
            bob.awaitEvent("message:new", m -> content.equals(m.path("content").asText()));
        }
    }

    static long openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** Live heap after a full collection, in bytes. */
    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
