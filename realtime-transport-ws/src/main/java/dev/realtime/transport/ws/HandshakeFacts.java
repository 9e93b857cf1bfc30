package dev.realtime.transport.ws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.json.Json;
import dev.realtime.core.spi.Credentials;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;

/** What the upgrade request told about a client, turned into {@link Credentials} once it authenticates. */
final class HandshakeFacts {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final String ip;
    private final Map<String, String> headers;
    private final Map<String, String> query;

    HandshakeFacts(String ip, Map<String, String> headers, Map<String, String> query) {
        this.ip = ip;
        this.headers = headers;
        this.query = query;
    }

    static HandshakeFacts of(WebSocket conn, ClientHandshake handshake) {
        Map<String, String> headers = new HashMap<>();
        Iterator<String> names = handshake.iterateHttpFields();
        while (names.hasNext()) {
            String name = names.next();
            headers.put(name.toLowerCase(Locale.ROOT), handshake.getFieldValue(name));
        }
        String resource = handshake.getResourceDescriptor();
        int q = resource.indexOf('?');
        Map<String, String> query = HandshakePolicy.query(q < 0 ? "" : resource.substring(q + 1));
        InetSocketAddress remote = conn.getRemoteSocketAddress();
        String ip = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        return new HandshakeFacts(ip, headers, query);
    }

    /** The same client without its request: what an authenticated connection keeps. */
    HandshakeFacts addressOnly() {
        return new HandshakeFacts(ip, Map.of(), Map.of());
    }

    String ip() {
        return ip;
    }

    /**
     * The credentials of an auth object: the token comes from {@code auth.token}, else the {@code token}
     * query parameter, else an {@code Authorization: Bearer} header; the bearer header itself is not passed on.
     */
    Credentials credentials(JsonNode auth) {
        String token = null;
        Map<String, Object> rest = Map.of();
        if (auth instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            JsonNode t = copy.remove("token");
            if (t != null && t.isTextual()) {
                token = t.asText();
            }
            Map<String, Object> converted = new HashMap<>(Json.mapper().convertValue(copy, MAP));
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
