package dev.realtime.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Conversions between Java values and columns. PostgreSQL refuses the NUL character in {@code text} and
 * {@code jsonb}; it is replaced by U+FFFD so that one odd string cannot make a whole batch fail forever.
 */
final class Columns {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private Columns() {
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value == null ? null : value.replace(NUL, REPLACEMENT));
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** JSON text of a map, for a {@code CAST(? AS jsonb)} parameter. */
    static String mapToJson(Map<String, ?> map) {
        try {
            return nodeToJson(Json.tree(map == null ? Map.of() : map));
        } catch (IllegalArgumentException e) {
            throw RealtimeException.validation("json", "value cannot be written as JSON: " + e.getMessage());
        }
    }

    static Map<String, Object> jsonToMap(String json) {
        try {
            return json == null ? Map.of() : Json.reader().forType(MAP).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON text of a node (NUL characters replaced), or null. */
    static String nodeToJson(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            String json = Json.writer().writeValueAsString(node);
            return json.contains("\\u0000") ? Json.writer().writeValueAsString(withoutNul(node.deepCopy())) : json;
        } catch (JsonProcessingException e) {
            throw RealtimeException.validation("payload", "payload cannot be written as JSON: "
                    + e.getOriginalMessage());
        }
    }

    static JsonNode jsonToNode(String json) {
        try {
            return json == null ? null : Json.reader().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.textValue().replace(NUL, REPLACEMENT));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutNul(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(field.getKey().replace(NUL, REPLACEMENT), withoutNul(field.getValue()));
            }
            return copy;
        }
        return node;
    }
}
