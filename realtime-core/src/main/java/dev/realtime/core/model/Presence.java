package dev.realtime.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's presence across every connection on every node. Immutable.
 *
 * @param userId          user
 * @param status          current status
 * @param customStatus    optional status line
 * @param lastActiveAt    last client activity seen (may be null for a user never seen)
 * @param connectionCount open connections of this user in the cluster
 */
public record Presence(String userId, PresenceStatus status, CustomStatus customStatus, Instant lastActiveAt,
                       int connectionCount) {
    public Presence {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
    }

    public static Presence offline(String userId) {
        return new Presence(userId, PresenceStatus.OFFLINE, null, null, 0);
    }
}
