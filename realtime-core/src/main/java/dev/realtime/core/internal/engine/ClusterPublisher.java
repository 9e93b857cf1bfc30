package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.transport.OutboundEvent;

/**
 * What the services tell the other nodes, given to each at construction; implemented by {@link ClusterSender}.
 * Never blocks. Internal.
 */
interface ClusterPublisher {
    /** An event for every subscriber of {@code room} on the other nodes; {@code seq} is 0 unless a message. */
    void roomEvent(String room, OutboundEvent event, String exceptConnectionId, String exceptUserId, long seq);

    /** This node's share of a user's presence, with the user's chosen status. */
    void presence(PresenceService.Share share);

    /** A typing change made on this node. */
    void typing(String room, String threadId, String userId, java.time.Instant startedAt,
                java.time.Instant expiresAt, boolean stopped);

    void membership(Membership membership, boolean removed);

    void room(Room room, boolean deleted);

    /** Asks every node holding connections of {@code userId} (or the one holding {@code connectionId}) to close them. */
    void disconnect(String userId, String connectionId);

    /** Tells every node that {@code userId}'s tokens issued until {@code atMillis} are revoked. */
    void revoke(String userId, long atMillis);

    /** Tells every node that this node saw a room's history at a new epoch (it was lost). */
    void historyReset(String room, HistoryPosition now);
}
