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
    private static final AcceptedMessage PENDING = new AcceptedMessage("", "", 0);

    public AcceptedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The answer to a claim whose first send is still being processed (no answer recorded yet). */
    public static AcceptedMessage pending() {
        return PENDING;
    }

    /** Whether this stands for a first send still being processed rather than its answer. */
    public boolean isPending() {
        return messageId.isEmpty();
    }
}
