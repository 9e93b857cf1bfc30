package dev.realtime.core.spi.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * A decoded client event.
 *
 * @param name  event name, such as {@code message:send}
 * @param data  payload; {@link NullNode} when the client sent none
 * @param ackId the client's ack id, or {@link #NO_ACK}
 */
public record InboundEvent(String name, JsonNode data, long ackId) {
    public static final long NO_ACK = -1;

    public InboundEvent {
        Objects.requireNonNull(name, "name");
        data = data == null ? NullNode.getInstance() : data;
    }

    public boolean wantsAck() {
        return ackId >= 0;
    }
}
