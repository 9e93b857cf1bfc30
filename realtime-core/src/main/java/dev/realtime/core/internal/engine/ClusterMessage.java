package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.util.List;
import java.util.Map;

/**
 * What one node tells the others over the bus, one record per kind. {@link ClusterCodec} is the only place that
 * turns them into bytes and back; the sending node's id travels in the envelope, not in the records.
 *
 * <p>Compatibility (see docs/operations.md, "Rolling upgrades"): every message carries its wire version
 * {@code wv}; a message without one is version 1, the format written before the field existed. Within a
 * version, fields are only added, and receivers ignore fields they do not know. A node skips (and counts, as
 * {@code realtime.cluster.skipped}) a kind it does not know or a version newer than it reads. Internal.
 */
sealed interface ClusterMessage {
    /** The wire version this node writes, and the newest it reads. */
    int WIRE_VERSION = 1;

    /** An event for every subscriber of {@code room} on the other nodes; {@code seq} is 0 unless a message. */
    record RoomEvent(String room, OutboundEvent event, String exceptConnectionId, String exceptUserId, long seq)
            implements ClusterMessage {
    }

    /** The sender's share of a user's presence, with the user's chosen status. */
    record PresenceShare(PresenceService.Share share) implements ClusterMessage {
    }

    /** A typist started, refreshed or stopped on the sender. */
    record TypingChange(TypingService.Remote entry, boolean stopped) implements ClusterMessage {
    }

    record MembershipChange(Membership membership, boolean removed) implements ClusterMessage {
    }

    record RoomChange(Room room, boolean deleted) implements ClusterMessage {
    }

    /** Close the connections of {@code userId} and/or the connection {@code connectionId}, wherever they are. */
    record Kick(String userId, String connectionId) implements ClusterMessage {
    }

    /** {@code userId}'s tokens issued until {@code atMillis} are revoked. */
    record Revoke(String userId, long atMillis) implements ClusterMessage {
    }

    /** The sender is alive. */
    /** A room's history was found at a new epoch (it was lost): members everywhere are told once per node. */
    record HistoryReset(String room, long offset, String epoch) implements ClusterMessage {
    }

    record Heartbeat() implements ClusterMessage {
    }

    /** Asks node {@code target} (or every node, {@code *}) for a {@link Snapshot}. */
    record SyncRequest(String target) implements ClusterMessage {
        static final String EVERYONE = "*";
    }

    /** The sender's whole replicated state; replaces what receivers knew of it. */
    record Snapshot(List<PresenceService.Share> presence, List<TypingService.Remote> typing,
                    Map<String, Long> revocations) implements ClusterMessage {
    }

    /** The sender leaves the cluster. */
    record Bye() implements ClusterMessage {
    }
}
