package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One admin request after routing: its path parameters, its query and its JSON body.
 *
 * @param pathParams the template's {@code {name}} segments, decoded
 * @param query      query parameters, decoded (the last value wins)
 * @param body       the parsed body, or a missing node when there was none
 */
record ApiRequest(Map<String, String> pathParams, Map<String, String> query, JsonNode body) {
    ApiRequest {
        pathParams = Map.copyOf(pathParams);
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** The body as an object reader; {@code VALIDATION_ERROR} when it is not a JSON object. */
    JsonBody json() {
        return JsonBody.of(body);
    }

    /** Parses {@code a=1&b=2}. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.put(key, value);
        }
        return query;
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("path", "malformed percent-encoding in " + raw);
        }
    }
}
