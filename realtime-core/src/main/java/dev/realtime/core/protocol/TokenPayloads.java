package dev.realtime.core.protocol;

/**
 * Payload shapes of the token lifecycle: the warning before a token expires, the answer to a refresh, and the
 * notice that a refresh took a room away. Times are ISO-8601 strings, like the other {@code *At} fields.
 */
public final class TokenPayloads {
    private TokenPayloads() {
    }

    /**
     * {@code token:expiring}, and the ack data of {@code auth:refresh}.
     *
     * @param expiresAt when the connection's token expires; null for a token without {@code exp} (only from a
     *                  custom authenticator)
     */
    public record Expiry(String expiresAt) {
    }

    /**
     * {@code room:left}: the server unsubscribed this connection from a room.
     *
     * @param roomName the room
     * @param reason   the code of the rule that no longer lets the connection in (for example {@code FORBIDDEN})
     * @param message  the rule's explanation, for people
     */
    public record RoomLeft(String roomName, String reason, String message) {
    }
}
