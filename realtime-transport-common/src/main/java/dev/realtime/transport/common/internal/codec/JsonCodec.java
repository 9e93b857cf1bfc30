package dev.realtime.transport.common.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.InboundEvent;
import java.util.Optional;

/**
 * The plain JSON protocol of {@code /ws}: client frames {@code {"event","data","ack"?}}, server events
 * {@code {"event","data"}} and ack replies {@code {"ack":n,"data":{...}}}. The first client frame is the
 * {@code auth} event, decoded as {@link ClientFrame.Connect}.
 */
public final class JsonCodec implements WireCodec {
    /** The one instance; also the cache key for encoded frames. */
    public static final JsonCodec INSTANCE = new JsonCodec();

    /** The name of the event a client authenticates with. */
    public static final String AUTH_EVENT = "auth";

    private static final long MAX_ACK = 1L << 53;

    private JsonCodec() {
    }

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET_JSON;
    }

    @Override
    public ClientFrame decode(String text) {
        Optional<JsonNode> parsed = text == null ? Optional.empty() : JsonValues.parse(text);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return ClientFrame.Invalid.malformed("a frame must be a JSON object {\"event\",\"data\",\"ack\"?}");
        }
        JsonNode frame = parsed.get();
        JsonNode event = frame.get("event");
        if (event == null || !event.isTextual() || event.asText().isEmpty()) {
            return ClientFrame.Invalid.malformed("\"event\" must be a non-empty string");
        }
        long ackId = InboundEvent.NO_ACK;
        JsonNode ack = frame.get("ack");
        if (ack != null && !ack.isNull()) {
            if (!ack.canConvertToExactIntegral() || ack.asLong() < 0 || ack.asLong() > MAX_ACK) {
                return ClientFrame.Invalid.malformed("\"ack\" must be a non-negative integer");
            }
            ackId = ack.asLong();
        }
        JsonNode data = frame.get("data");
        if (AUTH_EVENT.equals(event.asText())) {
            JsonNode auth = data == null || data.isNull() ? Json.object() : data;
            if (!auth.isObject()) {
                return ClientFrame.Invalid.malformed("\"auth\" data must be a JSON object {\"token\"}");
            }
            return new ClientFrame.Connect(ClientFrame.ROOT_NAMESPACE, auth, ackId);
        }
        return new ClientFrame.Event(ClientFrame.ROOT_NAMESPACE, new InboundEvent(event.asText(), data, ackId));
    }

    @Override
    public byte[] encodeEvent(String name, byte[] payloadJson) {
        return new Utf8Builder(payloadJson.length + name.length() + 24)
                .ascii("{\"event\":").raw(JsonValues.write(name)).ascii(",\"data\":").raw(payloadJson).ascii("}")
                .toBytes();
    }

    @Override
    public byte[] encodeAck(long ackId, AckReply reply) {
        byte[] json = JsonValues.write(reply);
        return new Utf8Builder(json.length + 24).ascii("{\"ack\":").number(ackId).ascii(",\"data\":").raw(json)
                .ascii("}").toBytes();
    }

    @Override
    public String toString() {
        return "json";
    }
}
