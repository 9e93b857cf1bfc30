package dev.realtime.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Small readers of ack objects shared by the engine tests. */
final class Acks {
    private Acks() {
    }

    /** Asserts success and returns the data. */
    static JsonNode ok(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isTrue();
        return ack.path("data");
    }

    /** Asserts failure and returns the error code. */
    static String code(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isFalse();
        assertThat(ack.path("error").path("message").asText()).isNotBlank();
        return ack.path("error").path("code").asText();
    }

    static Map<String, Object> room(String name) {
        return Map.of("roomName", name);
    }
}
