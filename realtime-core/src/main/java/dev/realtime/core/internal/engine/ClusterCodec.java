package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of {@link ClusterMessage}s: JSON objects {@code {"t":kind,"n":node,"wv":wireVersion,...}}. Short
 * field names keep the bus traffic small; a room event carries the already-encoded payload JSON so it is serialized
 * once per event. Kinds on the wire: {@code room}, {@code pres}, {@code typ}, {@code mem}, {@code rm},
 * {@code kick}, {@code rvk}, {@code hb}, {@code sync}, {@code snap}, {@code bye}. Internal.
 */
final class ClusterCodec {
    private ClusterCodec() {
    }

    /** Why a message from another node was not applied; the tag of {@code realtime.cluster.skipped}. */
    enum SkipReason {
        UNKNOWN_KIND, NEWER_VERSION, MALFORMED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A decoded message from {@code from}, or why it was skipped ({@code message} null then). */
    record Decoded(String from, ClusterMessage message, SkipReason skipped, String detail) {
        static Decoded skip(String from, SkipReason reason, String detail) {
            return new Decoded(from, null, reason, detail);
        }
    }

    // ---- encoding ------------------------------------------------------------------------------------

    /** The bytes of {@code message} as sent by {@code nodeId}. */
    static byte[] encode(String nodeId, ClusterMessage message) throws IOException {
        if (message instanceof ClusterMessage.RoomEvent e) {
            return roomEvent(nodeId, e.room(), e.event(), e.exceptConnectionId(), e.exceptUserId(), e.seq());
        }
        ObjectNode m = header(kindOf(message), nodeId);
        if (message instanceof ClusterMessage.PresenceShare p) {
            encodeShare(m, p.share());
        } else if (message instanceof ClusterMessage.TypingChange t) {
            encodeTyping(m, t.entry());
            m.put("stop", t.stopped());
        } else if (message instanceof ClusterMessage.MembershipChange c) {
            m.set("m", Json.tree(c.membership()));
            m.put("del", c.removed());
        } else if (message instanceof ClusterMessage.RoomChange c) {
            m.set("room", Json.tree(c.room()));
            m.put("del", c.deleted());
        } else if (message instanceof ClusterMessage.Kick k) {
            m.put("u", k.userId());
            m.put("c", k.connectionId());
        } else if (message instanceof ClusterMessage.Revoke r) {
            m.put("u", r.userId());
            m.put("at", r.atMillis());
        } else if (message instanceof ClusterMessage.HistoryReset h) {
            m.put("r", h.room());
            m.put("o", h.offset());
            m.put("e", h.epoch());
        } else if (message instanceof ClusterMessage.SyncRequest r) {
            m.put("target", r.target());
        } else if (message instanceof ClusterMessage.Snapshot snap) {
            encodeSnapshot(m, snap);
        }
        return Json.writer().writeValueAsBytes(m);
    }

    private static String kindOf(ClusterMessage message) {
        if (message instanceof ClusterMessage.RoomEvent) {
            return "room";
        } else if (message instanceof ClusterMessage.PresenceShare) {
            return "pres";
        } else if (message instanceof ClusterMessage.TypingChange) {
            return "typ";
        } else if (message instanceof ClusterMessage.MembershipChange) {
            return "mem";
        } else if (message instanceof ClusterMessage.RoomChange) {
            return "rm";
        } else if (message instanceof ClusterMessage.Kick) {
            return "kick";
        } else if (message instanceof ClusterMessage.Revoke) {
            return "rvk";
        } else if (message instanceof ClusterMessage.HistoryReset) {
            return "hrst";
        } else if (message instanceof ClusterMessage.Heartbeat) {
            return "hb";
        } else if (message instanceof ClusterMessage.SyncRequest) {
            return "sync";
        } else if (message instanceof ClusterMessage.Snapshot) {
            return "snap";
        } else if (message instanceof ClusterMessage.Bye) {
            return "bye";
        }
        throw new IllegalArgumentException("no wire kind for " + message.getClass().getSimpleName());
    }

    private static ObjectNode header(String kind, String nodeId) {
        ObjectNode m = Json.object();
        m.put("t", kind);
        m.put("n", nodeId);
        m.put("wv", ClusterMessage.WIRE_VERSION);
        return m;
    }

    private static void encodeSnapshot(ObjectNode m, ClusterMessage.Snapshot snap) {
        ArrayNode shares = m.putArray("pres");
        for (PresenceService.Share s : snap.presence()) {
            shares.add(encodeShare(Json.object(), s));
        }
        ArrayNode typists = m.putArray("typ");
        for (TypingService.Remote r : snap.typing()) {
            ObjectNode t = Json.object();
            encodeTyping(t, r);
            typists.add(t);
        }
        ObjectNode revoked = m.putObject("rvk");
        snap.revocations().forEach(revoked::put);
    }

    // ---- decoding ------------------------------------------------------------------------------------

    /**
     * Decodes a message whose {@link #envelope} was read already. Never throws: what this node cannot apply
     * comes back as skipped, with the reason.
     */
    static Decoded decode(Envelope envelope, byte[] bytes) {
        String from = envelope.node();
        try {
            if (envelope.type().equals("room")) {
                // The bulk of the traffic: decoded by streaming, without a tree.
                RoomEventFrame frame = decodeRoomEvent(bytes);
                if (frame.version() > ClusterMessage.WIRE_VERSION) {
                    return Decoded.skip(from, SkipReason.NEWER_VERSION, "room v" + frame.version());
                }
                OutboundEvent event = OutboundEvent.ofJson(frame.event(), frame.payload(),
                        frame.seq() > 0 ? RecoveryOffsets.format(frame.seq(), frame.room()) : null);
                return new Decoded(from, new ClusterMessage.RoomEvent(frame.room(), event,
                        frame.exceptConnectionId(), frame.exceptUserId(), frame.seq()), null, null);
            }
            JsonNode m = Json.reader().readTree(bytes);
            int version = m.path("wv").asInt(1);
            ClusterMessage message = decodeTree(envelope.type(), from, m);
            if (message == null) {
                return Decoded.skip(from, SkipReason.UNKNOWN_KIND, envelope.type());
            }
            if (version > ClusterMessage.WIRE_VERSION) {
                return Decoded.skip(from, SkipReason.NEWER_VERSION, envelope.type() + " v" + version);
            }
            return new Decoded(from, message, null, null);
        } catch (IOException | RuntimeException e) {
            return Decoded.skip(from, SkipReason.MALFORMED, envelope.type() + ": " + e.getMessage());
        }
    }

    /** The message of a known kind, or null for a kind this node does not know. */
    private static ClusterMessage decodeTree(String kind, String from, JsonNode m) throws IOException {
        return switch (kind) {
            case "pres" -> new ClusterMessage.PresenceShare(decodeShare(m));
            case "typ" -> new ClusterMessage.TypingChange(decodeTyping(from, m), m.path("stop").asBoolean());
            case "mem" -> new ClusterMessage.MembershipChange(
                    Json.fromTree(required(m, "m"), Membership.class), m.path("del").asBoolean());
            case "rm" -> new ClusterMessage.RoomChange(Json.fromTree(required(m, "room"), Room.class),
                    m.path("del").asBoolean());
            case "kick" -> new ClusterMessage.Kick(textOrNull(m, "u"), textOrNull(m, "c"));
            case "rvk" -> {
                if (!m.path("at").isIntegralNumber() || m.path("u").asText("").isEmpty()) {
                    throw new IOException("a revocation needs u and an integral at");
                }
                yield new ClusterMessage.Revoke(m.get("u").asText(), m.get("at").asLong());
            }
            case "hrst" -> {
                String room = m.path("r").asText("");
                String epoch = m.path("e").asText("");
                long offset = m.path("o").asLong(-1);
                if (room.isEmpty() || epoch.isBlank() || offset < 0) {
                    throw new IOException("a history reset needs r, e and a non-negative o");
                }
                yield new ClusterMessage.HistoryReset(room, offset, epoch);
            }
            case "hb" -> new ClusterMessage.Heartbeat();
            case "sync" -> new ClusterMessage.SyncRequest(m.path("target").asText());
            case "snap" -> decodeSnapshot(from, m);
            case "bye" -> new ClusterMessage.Bye();
            default -> null;
        };
    }

    private static ClusterMessage.Snapshot decodeSnapshot(String from, JsonNode m) {
        List<PresenceService.Share> shares = new ArrayList<>();
        for (JsonNode s : m.path("pres")) {
            shares.add(decodeShare(s));
        }
        List<TypingService.Remote> entries = new ArrayList<>();
        for (JsonNode t : m.path("typ")) {
            entries.add(decodeTyping(from, t));
        }
        Map<String, Long> revoked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> r : m.path("rvk").properties()) {
            if (!r.getKey().isEmpty() && r.getValue().isIntegralNumber()) {
                revoked.put(r.getKey(), r.getValue().asLong());
            }
        }
        return new ClusterMessage.Snapshot(shares, entries, revoked);
    }

    private static JsonNode required(JsonNode m, String field) throws IOException {
        JsonNode value = m.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("missing " + field);
        }
        return value;
    }

    private static String textOrNull(JsonNode m, String field) {
        return m.hasNonNull(field) ? m.get(field).asText() : null;
    }

    private static final byte[] PAYLOAD_FIELD = ",\"p\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code {"t":"room","n","wv","r","e","xc"?,"xu"?,"s"?,"p":<payload>}}. The payload bytes are copied in as they
     * are, last, so that a receiver can take them back out as a slice instead of re-encoding them.
     */
    private static byte[] roomEvent(String nodeId, String room, OutboundEvent event, String exceptConnectionId,
                            String exceptUserId, long seq) throws IOException {
        byte[] payload = event.payloadJson();
        ByteArrayOutputStream head = new ByteArrayOutputStream(128);
        try (JsonGenerator g = Json.writer().createGenerator(head)) {
            g.writeStartObject();
            g.writeStringField("t", "room");
            g.writeStringField("n", nodeId);
            g.writeNumberField("wv", ClusterMessage.WIRE_VERSION);
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

    /** A room message as read; {@code payload} is the event's payload JSON, as the sender encoded it. */
    record RoomEventFrame(int version, String room, String event, String exceptConnectionId, String exceptUserId,
                          long seq, byte[] payload) {
    }

    /**
     * Decodes a room message in one streaming pass. The payload is cut out of the message as raw bytes rather
     * than parsed into a tree and written again: the receiving node only forwards it.
     *
     * @throws IOException when the bytes are not JSON or the room, event name or payload is missing
     */
    static RoomEventFrame decodeRoomEvent(byte[] message) throws IOException {
        int version = 1;
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
                    case "wv" -> version = value.isNumeric() ? p.getIntValue() : 1;
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
        return new RoomEventFrame(version, room, event, exceptConnection, exceptUser, seq, payload);
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

    private static ObjectNode encodeShare(ObjectNode m, PresenceService.Share s) {
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

    private static PresenceService.Share decodeShare(JsonNode m) {
        List<String> rooms = new ArrayList<>();
        m.path("rooms").forEach(r -> rooms.add(r.asText()));
        CustomStatus custom = m.hasNonNull("ct") ? new CustomStatus(m.get("ct").asText(),
                m.hasNonNull("ce") ? m.get("ce").asText() : null,
                m.hasNonNull("cx") ? Instant.parse(m.get("cx").asText()) : null) : null;
        return new PresenceService.Share(m.path("n").asText(), m.path("u").asText(), m.path("c").asInt(),
                rooms, PresenceStatus.fromWireName(m.path("s").asText("online")), custom, m.path("v").asLong(),
                m.hasNonNull("la") ? Instant.parse(m.get("la").asText()) : null);
    }

    private static void encodeTyping(ObjectNode m, TypingService.Remote r) {
        m.put("r", r.room());
        if (r.threadId() != null) {
            m.put("th", r.threadId());
        }
        m.put("u", r.userId());
        m.put("sa", r.startedAt().toString());
        m.put("ea", r.expiresAt().toString());
    }

    private static TypingService.Remote decodeTyping(String node, JsonNode m) {
        return new TypingService.Remote(node, m.path("r").asText(),
                m.hasNonNull("th") ? m.get("th").asText() : null, m.path("u").asText(),
                Instant.parse(m.path("sa").asText()), Instant.parse(m.path("ea").asText()));
    }
}
