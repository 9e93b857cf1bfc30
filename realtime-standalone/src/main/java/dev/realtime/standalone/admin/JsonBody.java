package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;

/** Typed, validated reads from a JSON object body; every problem is a 400 {@code VALIDATION_ERROR} naming the field. */
final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    static JsonBody of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "the request body must be a JSON object");
        }
        return new JsonBody(body);
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    String requiredString(String field, int maxLength) {
        String value = optionalString(field, maxLength);
        if (value == null) {
            throw ApiException.invalid(field, field + " is required");
        }
        return value;
    }

    /** Null when absent or JSON null. */
    String optionalString(String field, int maxLength) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ApiException.invalid(field, field + " must not be empty");
        }
        if (text.length() > maxLength) {
            throw ApiException.invalid(field, field + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** Null when absent. */
    Boolean optionalBoolean(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** Null when absent; must be an integer in {@code [min, max]}. */
    Integer optionalInt(String field, int min, int max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiException.invalid(field, field + " must be an integer from " + min + " to " + max);
        }
        return value.intValue();
    }

    /** Null when absent; must be an object whose JSON is at most {@code maxBytes} long. */
    JsonNode optionalObject(String field, int maxBytes) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isObject()) {
            throw ApiException.invalid(field, field + " must be an object");
        }
        if (value.toString().length() > maxBytes) {
            throw ApiException.invalid(field, field + " is larger than " + maxBytes + " bytes");
        }
        return value;
    }

    /** An object field as a plain map (for room settings and metadata); null when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> optionalMap(String field, int maxBytes) {
        JsonNode value = optionalObject(field, maxBytes);
        return value == null ? null : dev.realtime.core.internal.json.Json.convert(value, Map.class);
    }

    /** Any JSON value, or null when absent. */
    JsonNode optionalValue(String field) {
        return has(field) ? node.get(field) : null;
    }

    /** An enum given by its lower-case wire name; null when absent. */
    <E extends Enum<E>> E optionalEnum(String field, Function<String, E> parse, String allowed) {
        String text = optionalString(field, 32);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be one of " + allowed);
        }
    }
}
