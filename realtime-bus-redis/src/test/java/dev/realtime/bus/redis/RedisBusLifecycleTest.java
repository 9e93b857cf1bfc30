package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.BusRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus's life cycle, against an address where nothing listens: no Redis needed. */
class RedisBusLifecycleTest {
    private final RedisBus bus = new RedisBus(RedisBusOptions.builder()
            .url("redis://127.0.0.1:" + unusedPort())
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build());

    @AfterEach
    void close() {
        bus.close();
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void isNamedRedis() {
        assertThat(bus.name()).isEqualTo("redis");
    }

    @Test
    void publishingBeforeStartDropsAndCounts() {
        assertThat(bus.publish(new byte[] {1})).isFalse();
        assertThat(bus.isConnected()).isFalse();
        assertThat(bus.droppedCount()).isEqualTo(1);
        assertThat(bus.pendingCount()).isZero();
    }

    @Test
    void startsOnlyOnce() {
        bus.start(new BusRecorder());

        assertThatThrownBy(() -> bus.start(new BusRecorder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
    }

    @Test
    void anUnreachableRedisIsReportedAsDisconnectedAndPublishingDrops() {
        BusRecorder recorder = new BusRecorder();
        bus.start(recorder);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.disconnects() == 1);

        assertThat(bus.isConnected()).isFalse();
        assertThat(bus.publish(new byte[] {1})).isFalse();
        assertThat(recorder.reconnects()).isZero();
        // Retrying does not repeat the news.
        assertThat(recorder.disconnects()).isEqualTo(1);
    }

    @Test
    void aClosedBusCannotBeStarted() {
        bus.close();
        BusRecorder recorder = new BusRecorder();

        bus.start(recorder);

        assertThat(bus.isConnected()).isFalse();
        assertThat(bus.publish(new byte[] {1})).isFalse();
        assertThat(recorder.disconnects()).isZero();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> bus.start(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.publish(null)).isInstanceOf(NullPointerException.class);
    }
}
