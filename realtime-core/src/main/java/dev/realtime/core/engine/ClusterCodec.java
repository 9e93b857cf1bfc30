package dev.realtime.core.engine;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.List;

/**
 * The JSON shapes of cluster messages: {@code {"t":type,"n":node,...}}. Short field names keep the bus traffic
 * small; a room event carries the already-encoded payload JSON so it is serialized once per event. Internal.
 */
final class ClusterCodec {
    private ClusterCodec() {
    }

    /** {@code {"t":"room","n","r","e","xc"?,"xu"?,"s"?,"p":<payload>}}. */
    static byte[] roomEvent(String nodeId, String room, OutboundEvent event, String exceptConnectionId,
                            String exceptUserId, long seq) throws IOException {
        byte[] payload = event.payloadJson();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 128);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
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
            g.writeFieldName("p");
            g.writeRawValue(new String(payload, StandardCharsets.UTF_8));
            g.writeEndObject();
        }
        return out.toByteArray();
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
