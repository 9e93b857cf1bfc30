package dev.realtime.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's two steps, as a network transport drives them: {@code register} under the transport's id sends
 * nothing and joins nothing; {@code activate}, after the transport's own handshake answer, does.
 */
class GatewayStepsTest {
    private final GatewayCapture capture = new GatewayCapture();
    private final TestNode node = TestNode.start(o -> { }, b -> b.transport(capture));
    private final ConnectionGateway gateway = capture.gateway;

    /** A transport that only keeps the gateway the node hands it at start. */
    private static final class GatewayCapture implements Transport {
        volatile ConnectionGateway gateway;

        @Override
        public void start(ConnectionGateway value) {
            gateway = value;
        }

        @Override
        public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
            recipients.forEach(r -> r.send(event));
        }

        @Override
        public void stop() {
        }
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    /** A connection as a network transport would hold it: records what the engine sends. */
    private static final class Recording implements ConnectionChannel, Transport {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Transport transport() {
            return this;
        }

        @Override
        public void send(OutboundEvent event) {
            events.add(event.name());
        }

        @Override
        public void sendAck(long ackId, AckReply reply) {
            events.add("ack");
        }

        @Override
        public void close(CloseReason reason) {
            events.add("close");
        }

        @Override
        public void start(ConnectionGateway g) {
        }

        @Override
        public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
            recipients.forEach(c -> c.send(event));
        }

        @Override
        public void stop() {
        }
    }

    private Session register(String id, String user, Map<String, Object> auth, Recording channel) {
        Credentials credentials = new Credentials("user:" + user, auth, "127.0.0.1", "test", Map.of());
        Principal principal = gateway.authenticate(credentials);
        return gateway.register(id, principal, credentials, TransportKind.SOCKET_IO, channel);
    }

    @Test
    void registeringSendsNothingAndActivatingJoinsTheNodeAndGreets() {
        Recording channel = new Recording();
        String id = ConnectionIds.random();

        Session session = register(id, "alice", Map.of(), channel);
        assertThat(session.id()).isEqualTo(id);
        assertThat(session.recoveryPid()).isNotBlank();
        assertThat(channel.events).isEmpty();
        assertThat(node.realtime.connectionCount()).isZero();

        gateway.activate(session);
        assertThat(channel.events).containsExactly("connected", "authenticated");
        assertThat(node.realtime.connectionCount()).isEqualTo(1);
        assertThatIllegalStateException().isThrownBy(() -> gateway.activate(session));
    }

    @Test
    void idsAreTheTransportsButMustBeWellFormedAndUnique() {
        Recording channel = new Recording();
        String id = ConnectionIds.random();
        gateway.activate(register(id, "alice", Map.of(), channel));

        assertThatIllegalArgumentException().isThrownBy(() -> register(id, "bob", Map.of(), new Recording()))
                .withMessageContaining("already in use");
        assertThatIllegalArgumentException().isThrownBy(() -> register("no spaces", "bob", Map.of(),
                new Recording()));
    }

    @Test
    void aConnectionClosedBeforeActivationNeverJoinsAndGivesItsParkedSessionBack() {
        node.createRoom("general");
        Recording first = new Recording();
        Session original = register(ConnectionIds.random(), "alice", Map.of(), first);
        gateway.activate(original);
        gateway.event(original, new InboundEvent("room:join", Json.tree(Map.of("roomName", "general")),
                InboundEvent.NO_ACK));
        String pid = original.recoveryPid();
        gateway.closed(original, CloseReason.TIMEOUT);

        Recording lost = new Recording();
        Session reconnect = register(ConnectionIds.random(), "alice", Map.of("pid", pid), lost);
        assertThat(reconnect.recoveryPid()).as("the parked session is claimed at register").isEqualTo(pid);
        gateway.closed(reconnect, CloseReason.CLIENT);
        gateway.activate(reconnect);
        assertThat(lost.events).isEmpty();
        assertThat(node.realtime.connectionCount()).isZero();

        Recording second = new Recording();
        Session retry = register(ConnectionIds.random(), "alice", Map.of("pid", pid), second);
        assertThat(retry.recoveryPid()).as("given back for the next attempt").isEqualTo(pid);
        gateway.activate(retry);
        assertThat(node.realtime.connections()).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(retry.id()));
        assertThat(node.realtime.rooms().onlineCount("general")).isEqualTo(1);
    }
}
