package dev.realtime.core.spi.recovery;

import java.util.Objects;

/**
 * What the server answered to the first send of a {@link SentMessageKey}, repeated to its resends.
 *
 * @param messageId the message's id
 * @param timestamp when it was accepted (ISO-8601)
 * @param seq       its room offset
 */
public record AcceptedMessage(String messageId, String timestamp, long seq) {
    public AcceptedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
