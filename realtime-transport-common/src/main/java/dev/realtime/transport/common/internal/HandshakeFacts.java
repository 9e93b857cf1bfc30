package dev.realtime.transport.common.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.spi.Credentials;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the opening HTTP request told about a client (address, headers, query), turned into
 * {@link Credentials} once it authenticates. Independent of any HTTP or WebSocket library.
 */
public final class HandshakeFacts {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final String ip;
    private final Map<String, String> headers;
    private final Map<String, String> query;

    /**
     * @param ip      the client's address
     * @param headers request headers, names in lower case
     * @param query   query parameters of the request target
     */
    public HandshakeFacts(String ip, Map<String, String> headers, Map<String, String> query) {
        this.ip = ip;
        this.headers = headers;
        this.query = query;
    }

    /** Facts of a request whose target is {@code resource} (path and query). */
    public static HandshakeFacts of(String ip, Map<String, String> lowerCaseHeaders, String resource) {
        int q = resource.indexOf('?');
        return new HandshakeFacts(ip, lowerCaseHeaders, query(q < 0 ? "" : resource.substring(q + 1)));
    }

    /** Query parameters of a request target's query string (first value wins; badly escaped ones skipped). */
    public static Map<String, String> query(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a badly escaped parameter is skipped, not fatal
            }
        }
        return params;
    }

    /** The same client without its request: what an authenticated connection keeps. */
    public HandshakeFacts addressOnly() {
        return new HandshakeFacts(ip, Map.of(), Map.of());
    }

    /** The client's address. */
    public String ip() {
        return ip;
    }

    /**
     * The credentials of an auth object: the token comes from {@code auth.token}, else the {@code token}
     * query parameter, else an {@code Authorization: Bearer} header; the bearer header itself is not passed on.
     */
    public Credentials credentials(JsonNode auth) {
        String token = null;
        Map<String, Object> rest = Map.of();
        if (auth instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            JsonNode t = copy.remove("token");
            if (t != null && t.isTextual()) {
                token = t.asText();
            }
            Map<String, Object> converted = new HashMap<>(Json.convert(copy, MAP));
            converted.values().removeIf(java.util.Objects::isNull);
            rest = converted;
        }
        if (token == null || token.isBlank()) {
            token = query.get("token");
        }
        String authorization = headers.get("authorization");
        if ((token == null || token.isBlank()) && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        Map<String, String> safeHeaders = new HashMap<>(headers);
        safeHeaders.remove("authorization");
        return new Credentials(token, rest, ip, headers.get("user-agent"), safeHeaders);
    }
}
