package dev.realtime.core.internal.engine;

import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services' way to the other nodes, given to them at construction: turns each call into a
 * {@link ClusterMessage}, encodes it once with {@link ClusterCodec} and queues it on the bus (never blocks; a full
 * bus queue drops and counts). Room events are not even encoded while no other node is alive. Internal.
 */
final class ClusterSender implements ClusterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSender.class);

    private final String nodeId;
    private final Bus bus;
    private final ClusterPeers peers;
    private final RealtimeMetrics metrics;

    ClusterSender(String nodeId, Bus bus, ClusterPeers peers, RealtimeMetrics metrics) {
        this.nodeId = nodeId;
        this.bus = bus;
        this.peers = peers;
        this.metrics = metrics;
    }

    @Override
    public void roomEvent(String room, OutboundEvent event, String exceptConnectionId, String exceptUserId,
                          long seq) {
        if (peers.isEmpty()) {
            return; // nobody to tell; a node that appears later asks for state, not for old messages
        }
        send(new ClusterMessage.RoomEvent(room, event, exceptConnectionId, exceptUserId, seq));
    }

    @Override
    public void presence(PresenceService.Share share) {
        send(new ClusterMessage.PresenceShare(share));
    }

    @Override
    public void typing(String room, String threadId, String userId, Instant startedAt, Instant expiresAt,
                       boolean stopped) {
        send(new ClusterMessage.TypingChange(
                new TypingService.Remote(nodeId, room, threadId, userId, startedAt, expiresAt), stopped));
    }

    @Override
    public void membership(Membership membership, boolean removed) {
        send(new ClusterMessage.MembershipChange(membership, removed));
    }

    @Override
    public void room(Room room, boolean deleted) {
        send(new ClusterMessage.RoomChange(room, deleted));
    }

    @Override
    public void disconnect(String userId, String connectionId) {
        send(new ClusterMessage.Kick(userId, connectionId));
    }

    @Override
    public void revoke(String userId, long atMillis) {
        send(new ClusterMessage.Revoke(userId, atMillis));
    }

    /** Encodes and queues any message, including the cluster link's own (heartbeat, sync, snapshot, bye). */
    @Override
    public void historyReset(String room, HistoryPosition now) {
        send(new ClusterMessage.HistoryReset(room, now.offset(), now.epoch()));
    }

    void send(ClusterMessage message) {
        byte[] bytes;
        try {
            bytes = ClusterCodec.encode(nodeId, message);
        } catch (IOException e) {
            LOG.error("could not encode cluster message {}", message.getClass().getSimpleName(), e);
            return;
        }
        if (!bus.publish(bytes)) {
            metrics.dropped("bus_publish", 1);
        }
    }
}
