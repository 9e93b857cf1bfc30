package dev.realtime.core.hooks;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Principal;

/**
 * Lets the host application refuse an {@code auth:refresh} whose token verified, for example because the
 * session behind it was revoked in the application's own database. Called on a transport thread after the
 * built-in checks (valid token, same user, not revoked): it must be fast and must not block; consult
 * in-memory state the application keeps fresh.
 */
@FunctionalInterface
public interface RefreshAuthorizer {
    /**
     * @param connection the refreshing connection
     * @param current    who the connection is now (claims of its current token)
     * @param refreshed  who it would be with the new token (same user id, new claims)
     * @return allow, or deny with the code and message the client's ack carries; the connection keeps its
     *         current token either way and is closed at that token's expiry unless a later refresh succeeds
     */
    Decision authorize(ConnectionInfo connection, Principal current, Principal refreshed);
}
