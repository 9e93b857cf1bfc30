package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A transport that listens before it starts queues connections and serves them once started. */
class ListenEarlyTest {
    private final NettyTransport transport = NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1")
            .port(0).ioThreads(1).closeTimeout(Duration.ofSeconds(1)).build());

    @AfterEach
    void stop() {
        transport.stop();
    }

    @Test
    void aConnectionThatArrivesBeforeStartWaitsAndIsServedAfterIt() throws Exception {
        transport.listen();
        int port = transport.port();
        assertThat(port).isPositive();
        CompletableFuture<RawWs> client = CompletableFuture.supplyAsync(() -> {
            try {
                return RawWs.upgraded(port, "/socket.io/?EIO=4&transport=websocket");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // nothing answers the upgrade before start: the connection waits in the accept queue, it is not refused
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !client.isDone());

        transport.start(new FakeGateway());

        try (RawWs ws = client.get(5, TimeUnit.SECONDS)) {
            assertThat(ws.nextText()).startsWith("0{");
        }
    }

    @Test
    void listeningTwiceIsRefusedAndAStopBeforeStartReleasesThePort() {
        transport.listen();
        int port = transport.port();
        assertThatIllegalStateException().isThrownBy(transport::listen);
        transport.stop();
        NettyTransport again = NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1").port(port)
                .ioThreads(1).build());
        again.listen();
        again.stop();
    }
}
