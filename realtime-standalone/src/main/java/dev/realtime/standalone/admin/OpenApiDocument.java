package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hand-written OpenAPI 3 description of the admin API, shipped as a resource next to this class. A test
 * walks the router and the document and fails when either names a route the other lacks.
 */
final class OpenApiDocument {
    static final String RESOURCE = "openapi.json";
    private static final JsonNode DOCUMENT = load();

    private OpenApiDocument() {
    }

    static JsonNode json() {
        return DOCUMENT;
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            }
            return Json.reader().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
