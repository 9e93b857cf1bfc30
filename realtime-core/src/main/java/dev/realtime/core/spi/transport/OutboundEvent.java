package dev.realtime.core.spi.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.realtime.core.internal.json.Json;
import java.util.Objects;
import java.util.function.Function;

/**
 * A server event to be written to one or many connections. The payload is serialized to JSON at most
 * once ({@link #payloadJson()}) and each codec's frame at most once ({@link #encoded}), however many
 * recipients there are: that is what makes fan-out cheap.
 *
 * <p>Thread-safe. The payload must be a Jackson-serializable value that is not mutated after
 * construction.
 */
public final class OutboundEvent {
    private final String name;
    private final Object payload;
    private final String recoveryOffset;
    private volatile byte[] payloadJson;
    // Two slots cover the two wire codecs; a third codec falls back to encoding each time.
    private Object key1;
    private Object value1;
    private Object key2;
    private Object value2;

    public OutboundEvent(String name, Object payload) {
        this(name, payload, null);
    }

    /**
     * An event a reconnecting client can ask to be replayed from: {@code recoveryOffset} names its place in the
     * room's history. The Socket.IO codec sends it as the event's last argument, which a socket.io-client 4.6+
     * remembers and hands back when it reconnects (connection state recovery); other codecs leave it out.
     */
    public OutboundEvent(String name, Object payload, String recoveryOffset) {
        this.name = Objects.requireNonNull(name, "name");
        this.payload = payload;
        this.recoveryOffset = recoveryOffset;
    }

    /** Builds an event whose payload JSON is already known (for example, received from another node). */
    public static OutboundEvent ofJson(String name, byte[] payloadJson) {
        return ofJson(name, payloadJson, null);
    }

    /** Like {@link #ofJson(String, byte[])}, with a {@linkplain #recoveryOffset() recovery offset}. */
    public static OutboundEvent ofJson(String name, byte[] payloadJson, String recoveryOffset) {
        OutboundEvent event = new OutboundEvent(name, null, recoveryOffset);
        event.payloadJson = Objects.requireNonNull(payloadJson, "payloadJson");
        return event;
    }

    /** The event's place in a room's history for connection state recovery, or null when it has none. */
    public String recoveryOffset() {
        return recoveryOffset;
    }

    public String name() {
        return name;
    }

    /** The payload object, or null when the event was built from JSON. */
    public Object payload() {
        return payload;
    }

    /** The payload as UTF-8 JSON, computed once. */
    public byte[] payloadJson() {
        byte[] json = payloadJson;
        if (json == null) {
            try {
                json = Json.writer().writeValueAsBytes(payload);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("payload of event " + name + " is not serializable", e);
            }
            payloadJson = json;
        }
        return json;
    }

    /**
     * Returns this event's frame for the codec identified by {@code codecKey}, encoding it on first use.
     * Concurrent first calls may encode twice; both results are equal and one wins.
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Object codecKey, Function<OutboundEvent, T> encoder) {
        synchronized (this) {
            if (key1 == codecKey) {
                return (T) value1;
            }
            if (key2 == codecKey) {
                return (T) value2;
            }
        }
        T value = encoder.apply(this);
        synchronized (this) {
            if (key1 == null) {
                key1 = codecKey;
                value1 = value;
            } else if (key2 == null && key1 != codecKey) {
                key2 = codecKey;
                value2 = value;
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "OutboundEvent[" + name + "]";
    }
}
