package dev.realtime.core.hooks;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;

/**
 * Lets the host application veto a {@code room:join} after the built-in rules passed. Called on a transport
 * thread: it must be fast and must not block (no database or HTTP calls; consult in-memory state).
 */
@FunctionalInterface
public interface JoinAuthorizer {
    /**
     * @param connection the joining connection
     * @param room       the room
     * @param membership the user's membership, or null when the join would create one
     */
    Decision authorize(ConnectionInfo connection, Room room, Membership membership);
}
