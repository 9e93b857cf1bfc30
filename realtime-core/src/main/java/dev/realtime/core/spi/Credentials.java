package dev.realtime.core.spi;

import java.util.Map;

/**
 * What a client presented when connecting.
 *
 * @param token     bearer token, or null when none was given
 * @param auth      the rest of the client's auth object (Socket.IO {@code auth}, {@code /ws} auth data)
 * @param ip        remote address
 * @param userAgent client user agent, may be null
 * @param headers   handshake headers (lower-case names)
 */
public record Credentials(String token, Map<String, Object> auth, String ip, String userAgent,
                          Map<String, String> headers) {
    public Credentials {
        auth = auth == null ? Map.of() : Map.copyOf(auth);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    public static Credentials ofToken(String token) {
        return new Credentials(token, Map.of(), "127.0.0.1", null, Map.of());
    }

    public static Credentials anonymous() {
        return new Credentials(null, Map.of(), "127.0.0.1", null, Map.of());
    }
}
