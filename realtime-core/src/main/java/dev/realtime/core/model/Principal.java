package dev.realtime.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * Who a connection is, as established by the authenticator.
 *
 * @param userId    user id (for anonymous principals a generated {@code anon-...} id)
 * @param sessionId session id from the token's {@code sid}/{@code jti} claim, or generated
 * @param anonymous true when no token was presented and anonymous access is on
 * @param claims    verified token claims (empty for anonymous)
 */
public record Principal(String userId, String sessionId, boolean anonymous, Map<String, Object> claims) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    public static Principal user(String userId, String sessionId) {
        return new Principal(userId, sessionId, false, Map.of());
    }
}
