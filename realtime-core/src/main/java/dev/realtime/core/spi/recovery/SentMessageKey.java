package dev.realtime.core.spi.recovery;

import java.util.Objects;

/**
 * One client-supplied message id: a user's {@code clientMessageId} in one room.
 *
 * @param roomName        the room the message was sent to
 * @param userId          the sender
 * @param clientMessageId the id the client chose
 */
public record SentMessageKey(String roomName, String userId, String clientMessageId) {
    public SentMessageKey {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
    }
}
