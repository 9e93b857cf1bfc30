package dev.realtime.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One in-process client connection. {@link #emit} sends an event with an ack id and returns the ack (the engine
 * answers synchronously in-process); everything the server sends is recorded, as JSON, in arrival order.
 * Thread-safe.
 */
public final class TestClient implements ConnectionChannel {
    private final InProcessTransport transport;
    private final ConnectionGateway gateway;
    private final List<ReceivedEvent> received = new ArrayList<>();
    private final Map<Long, JsonNode> acks = new HashMap<>();
    private Session session;
    private long nextAck;
    private CloseReason closedBy;
    private boolean recording = true;

    TestClient(InProcessTransport transport, ConnectionGateway gateway) {
        this.transport = transport;
        this.gateway = gateway;
    }

    void attach(Session value) {
        this.session = value;
    }

    /** The connection (socket) id. */
    public String id() {
        return session.id();
    }

    public Session session() {
        return session;
    }

    /**
     * Sends an event with an ack id and returns the ack: {@code {"success":true,"data":...}} or
     * {@code {"success":false,"error":{...}}}.
     */
    public JsonNode emit(String event, Object data) {
        long ackId;
        synchronized (this) {
            ackId = nextAck++;
        }
        gateway.event(session, new InboundEvent(event, toJson(data), ackId));
        synchronized (this) {
            JsonNode ack = acks.remove(ackId);
            if (ack == null) {
                throw new AssertionError("no ack for " + event + " (connection closed?)");
            }
            return ack;
        }
    }

    /** Sends an event without an ack id; refusals arrive as {@code error} events. */
    public void send(String event, Object data) {
        gateway.event(session, new InboundEvent(event, toJson(data), InboundEvent.NO_ACK));
    }

    /** Closes the connection as a client would. */
    public void disconnect() {
        close(CloseReason.CLIENT);
    }

    /** Every event received so far, oldest first. */
    public synchronized List<ReceivedEvent> received() {
        return List.copyOf(received);
    }

    /** Payloads of the received events with this name, oldest first. */
    public synchronized List<JsonNode> received(String event) {
        return received.stream().filter(e -> e.name().equals(event)).map(ReceivedEvent::data).toList();
    }

    /** The newest received payload with this name. */
    public synchronized Optional<JsonNode> last(String event) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i).name().equals(event)) {
                return Optional.of(received.get(i).data());
            }
        }
        return Optional.empty();
    }

    /** Turns recording of received events on or off (off keeps big-room tests from filling the heap). */
    public synchronized TestClient recording(boolean value) {
        this.recording = value;
        return this;
    }

    /** Forgets what was received. */
    public synchronized void clear() {
        received.clear();
    }

    /** The reason the server closed this connection, or null while open. */
    public synchronized CloseReason closedBy() {
        return closedBy;
    }

    // ---- ConnectionChannel (the server's side) -----------------------------------------------------

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void send(OutboundEvent event) {
        receive(event.name(), InProcessTransport.decode(event));
    }

    @Override
    public synchronized void sendAck(long ackId, AckReply reply) {
        acks.put(ackId, Json.tree(reply));
    }

    @Override
    public void close(CloseReason reason) {
        synchronized (this) {
            if (closedBy != null) {
                return;
            }
            closedBy = reason;
        }
        gateway.closed(session, reason);
    }

    synchronized void receive(String name, JsonNode data) {
        if (closedBy == null && recording) {
            received.add(new ReceivedEvent(name, data));
        }
    }

    private static JsonNode toJson(Object data) {
        if (data == null) {
            return NullNode.getInstance();
        }
        return data instanceof JsonNode node ? node : Json.tree(data);
    }
}
