package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keeps {@code /api/openapi.json} true: it names exactly the routes the router serves, and nothing else. */
class OpenApiDocumentTest {
    private final AdminFixture node = new AdminFixture();

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        List<String> documented = new ArrayList<>();
        JsonNode paths = OpenApiDocument.json().path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(node.api.routes());
    }

    @Test
    void everyOperationHasAnIdAnd401AndItsPathParametersAreDeclared() {
        JsonNode paths = OpenApiDocument.json().path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String where = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().path("operationId").asText()).as(where).isNotEmpty();
                assertThat(operation.getValue().path("responses").has("401")).as(where).isTrue();
                List<String> declared = operation.getValue().path("parameters").findValuesAsText("name");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                while (m.find()) {
                    assertThat(declared).as(where).contains(m.group(1));
                }
            }
        }
    }

    @Test
    void everySchemaReferenceResolves() {
        JsonNode doc = OpenApiDocument.json();
        for (String ref : doc.findValuesAsText("$ref")) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }
}
