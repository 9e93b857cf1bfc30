package dev.realtime.core.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.json.Json;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON shapes of cluster messages: {@code {"t":type,"n":node,...}}. Short field names keep the bus traffic
 * small; a room event carries the already-encoded payload JSON so it is serialized once per event. Internal.
 */
final class ClusterCodec {
    private ClusterCodec() {
    }

    private static final byte[] PAYLOAD_FIELD = ",\"p\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code {"t":"room","n","r","e","xc"?,"xu"?,"s"?,"p":<payload>}}. The payload bytes are copied in as they
     * are, last, so that a receiver can take them back out as a slice instead of re-encoding them.
     */
    static byte[] roomEvent(String nodeId, String room, OutboundEvent event, String exceptConnectionId,
                            String exceptUserId, long seq) throws IOException {
        byte[] payload = event.payloadJson();
        ByteArrayOutputStream head = new ByteArrayOutputStream(128);
        try (JsonGenerator g = Json.writer().createGenerator(head)) {
            g.writeStartObject();
            g.writeStringField("t", "room");
            g.writeStringField("n", nodeId);
            g.writeStringField("r", room);
            g.writeStringField("e", event.name());
            if (exceptConnectionId != null) {
                g.writeStringField("xc", exceptConnectionId);
            }
            if (exceptUserId != null) {
                g.writeStringField("xu", exceptUserId);
            }
            if (seq > 0) {
                g.writeNumberField("s", seq);
            }
            g.writeEndObject();
        }
        // {header} becomes {header,"p":payload}: the header without its closing brace, then the payload.
        int headLength = head.size() - 1;
        byte[] message = new byte[headLength + PAYLOAD_FIELD.length + payload.length + 1];
        System.arraycopy(head.toByteArray(), 0, message, 0, headLength);
        System.arraycopy(PAYLOAD_FIELD, 0, message, headLength, PAYLOAD_FIELD.length);
        System.arraycopy(payload, 0, message, headLength + PAYLOAD_FIELD.length, payload.length);
        message[message.length - 1] = '}';
        return message;
    }

    /** Who sent a cluster message and what kind it is; empty strings when the message does not say. */
    record Envelope(String type, String node) {
    }

    /**
     * Reads only the type and sender of a cluster message, without building a tree: a node drops its own
     * echoes, which Redis delivers back to it, after the first two fields.
     *
     * @throws IOException when the bytes are not JSON
     */
    static Envelope envelope(byte[] message) throws IOException {
        String type = null;
        String node = null;
        try (JsonParser p = Json.reader().createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Envelope("", "");
            }
            while ((type == null || node == null) && p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("t") && value == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if (field.equals("n") && value == JsonToken.VALUE_STRING) {
                    node = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Envelope(type == null ? "" : type, node == null ? "" : node);
    }

    /** A decoded room message; {@code payload} is the event's payload JSON, as the sender encoded it. */
    record RoomEvent(String room, String event, String exceptConnectionId, String exceptUserId, long seq,
                     byte[] payload) {
    }

    /**
     * Decodes a room message in one streaming pass. The payload is cut out of the message as raw bytes rather
     * than parsed into a tree and written again: the receiving node only forwards it.
     *
     * @throws IOException when the bytes are not JSON or the room, event name or payload is missing
     */
    static RoomEvent decodeRoomEvent(byte[] message) throws IOException {
        String room = null;
        String event = null;
        String exceptConnection = null;
        String exceptUser = null;
        long seq = 0;
        byte[] payload = null;
        try (JsonParser p = Json.reader().createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a room message must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "r" -> room = text(p, value);
                    case "e" -> event = text(p, value);
                    case "xc" -> exceptConnection = text(p, value);
                    case "xu" -> exceptUser = text(p, value);
                    case "s" -> seq = value.isNumeric() ? p.getLongValue() : 0;
                    case "p" -> payload = rawValue(p, value, message);
                    default -> p.skipChildren();
                }
            }
        }
        if (room == null || event == null || payload == null) {
            throw new IOException("a room message needs r, e and p");
        }
        return new RoomEvent(room, event, exceptConnection, exceptUser, seq, payload);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    // An object or array is cut out of the input by its byte offsets; any other value (never written by this
    // codec, but valid JSON) is encoded again.
    private static byte[] rawValue(JsonParser p, JsonToken value, byte[] message) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            int start = Math.toIntExact(p.currentTokenLocation().getByteOffset());
            p.skipChildren();
            int end = Math.toIntExact(p.currentLocation().getByteOffset());
            return Arrays.copyOfRange(message, start, end);
        }
        return Json.writer().writeValueAsBytes(p.readValueAsTree());
    }

    static ObjectNode encodeShare(ObjectNode m, PresenceService.Share s) {
        m.put("n", s.node());
        m.put("u", s.userId());
        m.put("c", s.count());
        ArrayNode rooms = m.putArray("rooms");
        s.rooms().forEach(rooms::add);
        m.put("s", s.chosen().wireName());
        if (s.custom() != null) {
            m.put("ct", s.custom().text());
            m.put("ce", s.custom().emoji());
            if (s.custom().expiresAt() != null) {
                m.put("cx", s.custom().expiresAt().toString());
            }
        }
        m.put("v", s.version());
        if (s.lastActiveAt() != null) {
            m.put("la", s.lastActiveAt().toString());
        }
        return m;
    }

    static PresenceService.Share decodeShare(JsonNode m) {
        List<String> rooms = new ArrayList<>();
        m.path("rooms").forEach(r -> rooms.add(r.asText()));
        CustomStatus custom = m.hasNonNull("ct") ? new CustomStatus(m.get("ct").asText(),
                m.hasNonNull("ce") ? m.get("ce").asText() : null,
                m.hasNonNull("cx") ? Instant.parse(m.get("cx").asText()) : null) : null;
        return new PresenceService.Share(m.path("n").asText(), m.path("u").asText(), m.path("c").asInt(),
                rooms, PresenceStatus.fromWireName(m.path("s").asText("online")), custom, m.path("v").asLong(),
                m.hasNonNull("la") ? Instant.parse(m.get("la").asText()) : null);
    }

    static void encodeTyping(ObjectNode m, TypingService.Remote r) {
        m.put("r", r.room());
        if (r.threadId() != null) {
            m.put("th", r.threadId());
        }
        m.put("u", r.userId());
        m.put("sa", r.startedAt().toString());
        m.put("ea", r.expiresAt().toString());
    }

    static TypingService.Remote decodeTyping(String node, JsonNode m) {
        return new TypingService.Remote(node, m.path("r").asText(),
                m.hasNonNull("th") ? m.get("th").asText() : null, m.path("u").asText(),
                Instant.parse(m.path("sa").asText()), Instant.parse(m.path("ea").asText()));
    }
}
