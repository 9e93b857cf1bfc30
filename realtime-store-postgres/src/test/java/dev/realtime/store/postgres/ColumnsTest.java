package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL refuses NUL characters; they are replaced so a batch is never refused for one. */
class ColumnsTest {
    @Test
    void replacesNulInJsonButKeepsEscapedBackslashes() throws Exception {
        JsonNode node = Json.reader().readTree("{\"a\\u0000\":[\"x\\u0000y\",\"\\\\u0000 literal\"]}");

        String json = Columns.nodeToJson(node);

        JsonNode stored = Columns.jsonToNode(json);
        assertThat(stored.get("a\uFFFD").get(0).asText()).isEqualTo("x\uFFFDy");
        assertThat(stored.get("a\uFFFD").get(1).asText()).isEqualTo("\\u0000 literal");
    }

    @Test
    void mapsRoundTripThroughJson() {
        Map<String, Object> map = Map.of("n", 3, "s", "t\u0000", "nested", Map.of("b", true));

        assertThat(Columns.jsonToMap(Columns.mapToJson(map)))
                .isEqualTo(Map.of("n", 3, "s", "t\uFFFD", "nested", Map.of("b", true)));
    }

    @Test
    void nullPayloadStaysNull() {
        assertThat(Columns.nodeToJson(null)).isNull();
        assertThat(Columns.jsonToNode(null)).isNull();
    }
}
