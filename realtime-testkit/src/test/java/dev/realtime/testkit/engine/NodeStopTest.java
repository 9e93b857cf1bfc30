package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's stop: connections end quietly, and a handshake that completes meanwhile is not refused. */
class NodeStopTest {

    /** A transport on which one more client completes its handshake while the transport stops. */
    private static final class LateHandshake implements Transport {
        final InProcessTransport inner = new InProcessTransport();
        volatile TestClient late;

        @Override
        public void start(ConnectionGateway gateway) {
            inner.start(gateway);
        }

        @Override
        public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
            inner.fanOut(event, recipients);
        }

        @Override
        public void stop() {
            late = inner.connect("user:late");
            inner.stop();
        }
    }

    @Test
    void aHandshakeDuringTheStopIsTakenAndClosedWithTheOthersNotRefused() {
        LateHandshake transport = new LateHandshake();
        TestNode node = TestNode.start(o -> { }, b -> b.transport(transport));
        node.createRoom("general");
        TestClient alice = node.connect("alice");
        TestClient bob = node.connect("bob");
        ok(alice.emit("room:join", room("general")));
        ok(bob.emit("room:join", room("general")));
        alice.clear();

        node.close();

        assertThat(transport.late).isNotNull();
        assertThat(transport.late.closedBy()).isEqualTo(CloseReason.GOING_AWAY);
        assertThat(alice.closedBy()).isEqualTo(CloseReason.GOING_AWAY);
        assertThat(bob.closedBy()).isEqualTo(CloseReason.GOING_AWAY);
        // nobody is told about room mates who close with them
        assertThat(alice.received("user:left")).isEmpty();
        assertThat(alice.received("presence:changed")).isEmpty();
        assertThat(node.realtime.presence(List.of("alice", "bob", "late")))
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(PresenceStatus.OFFLINE));
        assertThat(node.store.openConnections(10)).isEmpty();
    }
}
