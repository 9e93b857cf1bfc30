package dev.realtime.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's standing in one room. Immutable.
 *
 * @param roomName room
 * @param userId   user
 * @param role     role in the room
 * @param muted    may read, may not send or type
 * @param banned   may neither join nor send
 * @param joinedAt when the membership began
 * @param lastSeenAt when the user last joined or acted in the room; may be null
 */
public record Membership(String roomName, String userId, MemberRole role, boolean muted, boolean banned,
                         Instant joinedAt, Instant lastSeenAt) {
    public Membership {
        RoomNames.requireValid(roomName);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }

    public static Membership member(String roomName, String userId, Instant now) {
        return new Membership(roomName, userId, MemberRole.MEMBER, false, false, now, now);
    }

    public Membership withRole(MemberRole newRole) {
        return new Membership(roomName, userId, newRole, muted, banned, joinedAt, lastSeenAt);
    }

    public Membership withMuted(boolean value) {
        return new Membership(roomName, userId, role, value, banned, joinedAt, lastSeenAt);
    }

    public Membership withBanned(boolean value) {
        return new Membership(roomName, userId, role, muted, value, joinedAt, lastSeenAt);
    }

    public Membership withLastSeenAt(Instant value) {
        return new Membership(roomName, userId, role, muted, banned, joinedAt, value);
    }
}
