package dev.realtime.transport.ws;

import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import dev.realtime.testkit.wire.RawClient;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the server's memory by clients without credentials that never read: what they make the server
 * queue stays bounded, and the authentication deadline ends them even though a close frame cannot reach them.
 */
class ResourceAttacksIT extends AttackFixture {
    /**
     * A ping flood large enough that queuing a pong per ping would pin megabytes even though the kernel's
     * socket buffers absorb most of them (measured: 3.6 MB of live heap without the one-pong rule).
     */
    private static final int PINGS = 1_000_000;
    private static final long HEAP_BOUND = 1024L * 1024;

    @Test
    void aPingFloodFromAPeerThatNeverReadsQueuesOnePong() throws Exception {
        long before = liveHeap();
        // authenticated, so no deadline ends the flood early; the peer stops reading after its auth ack
        try (RawWs flood = authenticated("flooder", 4096)) {
            flood.write(pings(PINGS));
            // frames are handled in order: once this join is seen, every ping before it has been answered
            flood.write(RawWs.frame(FIN | RawWs.TEXT,
                    RawWs.utf8("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"}}")));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.realtime.rooms().onlineCount("general") == 1);
            long grown = liveHeap() - before;
            assertThat(grown).as("live heap grown by the flood").isLessThan(HEAP_BOUND);
            assertThat(server.meters.counter("realtime.ws.pongs.skipped").count()).isGreaterThan(PINGS / 2.0);
        }
    }

    @Test
    void aPingFloodWithoutCredentialsEndsAtTheAuthenticationDeadline() throws Exception {
        try (RawWs flood = RawWs.tcp(port(), 4096)) {
            flood.write(RawClient.upgrade("/ws", null)); // and never read the answer
            flood.write(pings(100_000));
            // dropped at once at the deadline, though the peer reads nothing and a close frame cannot reach it
            await().atMost(AUTH_TIMEOUT.plusSeconds(5)).until(() -> server.transport.openConnections() == 0);
            assertThat(flood.closedByServer()).isTrue();
        }
    }

    private static byte[] pings(int count) {
        byte[] ping = RawWs.frame(FIN | PING, new byte[0]);
        ByteArrayOutputStream all = new ByteArrayOutputStream(ping.length * count);
        for (int i = 0; i < count; i++) {
            all.write(ping, 0, ping.length);
        }
        return all.toByteArray();
    }

    @Test
    void aPeerThatNeverReadsIsDroppedAtTheAuthenticationDeadline() throws Exception {
        try (RawWs silent = RawWs.tcp(port(), 4096)) {
            silent.write(RawClient.upgrade("/ws", null));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.transport.openConnections() == 1);
            await().atMost(AUTH_TIMEOUT.plusSeconds(3)).until(() -> server.transport.openConnections() == 0);
            assertThat(silent.readHead()).startsWith("HTTP/1.1 101");
            assertThat(silent.awaitClose()).isEqualTo(1008);
            assertThat(silent.closeReason).isEqualTo("authentication timeout");
        }
    }
}
