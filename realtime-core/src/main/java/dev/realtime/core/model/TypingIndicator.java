package dev.realtime.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One user typing in one room (and optionally one thread) until {@code expiresAt}.
 *
 * @param roomName  room
 * @param threadId  thread, or null for the room's main timeline
 * @param userId    user
 * @param startedAt when this typing burst began
 * @param expiresAt when it ends unless refreshed
 */
public record TypingIndicator(String roomName, String threadId, String userId, Instant startedAt, Instant expiresAt) {
    public TypingIndicator {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
