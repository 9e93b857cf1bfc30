package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.model.Principal;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Revoking a user: their connections on every node are closed with {@link CloseReason#TOKEN_REVOKED} and
 * tokens issued until then are refused (see {@link Revocations}). The revocation travels on the cluster bus;
 * every node applies it to its own connections and remembers it, and hands what it remembers to nodes that
 * join later in its snapshot. Internal.
 */
final class UserRevocation {
    private static final RealtimeError REVOKED = RealtimeError.of(ErrorCode.TOKEN_REVOKED,
            "your access was revoked; sign in again");

    private final Clock clock;
    private final Revocations revocations;
    private final ConnectionRegistry connections;
    private final BiConsumer<LocalConnection, CloseReason> end;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    /**
     * @param end closes a connection and tells the engine it is gone
     */
    UserRevocation(Clock clock, Revocations revocations, ConnectionRegistry connections,
                   BiConsumer<LocalConnection, CloseReason> end, ClusterPublisher cluster) {
        this.cluster = cluster;
        this.clock = clock;
        this.revocations = revocations;
        this.connections = connections;
        this.end = end;
    }

    /** Revokes now, on every node; returns how many connections were closed on this one. */
    int revoke(String userId) {
        long at = clock.millis();
        int closed = apply(userId, at);
        cluster.revoke(userId, at);
        return closed;
    }

    /** Another node revoked {@code userId} at {@code atMillis}: closes the user's connections here. */
    int apply(String userId, long atMillis) {
        revocations.revoke(userId, atMillis);
        int closed = 0;
        for (LocalConnection c : List.copyOf(connections.ofUser(userId))) {
            if (revocations.refuses(c.principal())) {
                c.channel().send(new OutboundEvent(EventNames.ERROR, REVOKED));
                end.accept(c, CloseReason.TOKEN_REVOKED);
                closed++;
            }
        }
        return closed;
    }

    /** Whether a presented token is one the revocations refuse. */
    boolean refuses(Principal principal) {
        return revocations.refuses(principal);
    }

    /** Revocations still in force, for this node's cluster snapshot. */
    Map<String, Long> active() {
        return revocations.active();
    }
}
