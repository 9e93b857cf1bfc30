package dev.realtime.transport.common.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.realtime.core.internal.json.Json;
import java.util.Optional;

/** JSON helpers shared by the codecs; parsing failures come back empty, never as exceptions. */
final class JsonValues {
    /** Refuses text after the value: {@code 42["ping",{}]xyz} is not {@code 42["ping",{}]}. */
    private static final ObjectReader STRICT = Json.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonValues() {
    }

    static Optional<JsonNode> parse(String json) {
        try {
            JsonNode node = STRICT.readTree(json);
            return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static byte[] write(Object value) {
        try {
            return Json.writer().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value is not serializable: " + value.getClass().getName(), e);
        }
    }
}
