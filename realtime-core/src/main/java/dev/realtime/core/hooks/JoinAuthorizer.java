package dev.realtime.core.hooks;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Principal;
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

    /**
     * The same decision, with the connection's verified token claims (roles, scopes): override this one to
     * decide on claims. The engine calls it on {@code room:join}, and again for every room a connection is in
     * after an {@code auth:refresh} changed its claims (a denial then unsubscribes it with {@code room:left}).
     * By default the claims are ignored.
     *
     * @param principal who the connection is, with the claims of its current token
     */
    default Decision authorize(ConnectionInfo connection, Principal principal, Room room, Membership membership) {
        return authorize(connection, room, membership);
    }
}
