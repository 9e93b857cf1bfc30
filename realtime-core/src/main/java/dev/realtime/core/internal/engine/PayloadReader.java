package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.RoomNames;

/**
 * Reads and validates one client payload; every problem becomes a {@code VALIDATION_ERROR} that names the
 * field. Internal.
 */
final class PayloadReader {
    static final int MAX_ID_LENGTH = 128;

    private final ObjectNode data;

    private PayloadReader(ObjectNode data) {
        this.data = data;
    }

    /** The payload must be a JSON object. */
    static PayloadReader of(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw RealtimeException.validation("data", "payload must be a JSON object");
        }
        return new PayloadReader((ObjectNode) data);
    }

    /** An object payload, or an empty one when the client sent nothing (for events whose fields are optional). */
    static PayloadReader ofOptional(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return new PayloadReader(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return of(data);
    }

    String roomName() {
        String name = requiredString("roomName", RoomNames.MAX_LENGTH);
        if (!RoomNames.isValid(name)) {
            throw RealtimeException.validation("roomName",
                    "roomName must be 1-128 characters of letters, digits and _ - . : @ #");
        }
        return name;
    }

    String requiredString(String field, int maxLength) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            throw RealtimeException.validation(field, field + " is required");
        }
        return checkedString(field, node, maxLength);
    }

    /** Null when absent or JSON null. */
    String optionalString(String field, int maxLength) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return checkedString(field, node, maxLength);
    }

    /** Null when absent or JSON null; must be an object whose JSON is at most {@code maxBytes}. */
    JsonNode optionalObject(String field, int maxBytes) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw RealtimeException.validation(field, field + " must be an object");
        }
        if (node.toString().length() > maxBytes) {
            throw RealtimeException.validation(field, field + " is larger than " + maxBytes + " bytes");
        }
        return node;
    }

    JsonNode optional(String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A required, non-empty array of strings. */
    java.util.List<String> stringArray(String field, int maxItems, int maxLength) {
        JsonNode node = data.get(field);
        if (node == null || !node.isArray()) {
            throw RealtimeException.validation(field, field + " must be an array of strings");
        }
        if (node.isEmpty() || node.size() > maxItems) {
            throw RealtimeException.validation(field, field + " must hold 1 to " + maxItems + " items");
        }
        java.util.List<String> values = new java.util.ArrayList<>(node.size());
        for (JsonNode item : node) {
            values.add(checkedString(field, item, maxLength));
        }
        return values;
    }

    private static String checkedString(String field, JsonNode node, int maxLength) {
        if (!node.isTextual()) {
            throw RealtimeException.validation(field, field + " must be a string");
        }
        String value = node.textValue();
        if (value.isBlank()) {
            throw RealtimeException.validation(field, field + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw RealtimeException.validation(field, field + " is longer than " + maxLength + " characters");
        }
        return value;
    }
}
