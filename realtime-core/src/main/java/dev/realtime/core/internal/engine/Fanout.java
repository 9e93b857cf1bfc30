package dev.realtime.core.internal.engine;

import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to transports: one {@link Transport#fanOut} call per transport per event, never one call per
 * recipient, so each transport encodes the event once. Internal.
 */
final class Fanout {
    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

    private final RealtimeMetrics metrics;

    Fanout(RealtimeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Every local subscriber of the room. */
    void toRoom(RoomState room, OutboundEvent event) {
        RoomState.Subscribers subs = room.subscribers();
        if (subs.size() == 0) {
            return;
        }
        for (RoomState.Group g : subs.groups) {
            deliver(g.transport(), event, g.channels());
        }
    }

    /** Every local subscriber except one connection (by id) and every connection of one user; nulls exclude none. */
    void toRoomExcept(RoomState room, OutboundEvent event, String exceptConnectionId, String exceptUserId) {
        if (exceptConnectionId == null && exceptUserId == null) {
            toRoom(room, event);
            return;
        }
        for (RoomState.Group g : room.subscribers().groups) {
            List<ConnectionChannel> chosen = new ArrayList<>(g.connections().length);
            for (LocalConnection c : g.connections()) {
                if (!c.id().equals(exceptConnectionId) && !c.userId().equals(exceptUserId)) {
                    chosen.add(c.channel());
                }
            }
            if (!chosen.isEmpty()) {
                deliver(g.transport(), event, chosen);
            }
        }
    }

    /** Every local subscriber that {@code include} accepts. */
    void toRoomIf(RoomState room, OutboundEvent event, Predicate<LocalConnection> include) {
        for (RoomState.Group g : room.subscribers().groups) {
            List<ConnectionChannel> chosen = new ArrayList<>(g.connections().length);
            for (LocalConnection c : g.connections()) {
                if (include.test(c)) {
                    chosen.add(c.channel());
                }
            }
            if (!chosen.isEmpty()) {
                deliver(g.transport(), event, chosen);
            }
        }
    }

    /** The given connections, grouped by transport. */
    void toConnections(Collection<LocalConnection> connections, OutboundEvent event) {
        if (connections.isEmpty()) {
            return;
        }
        Map<Transport, List<ConnectionChannel>> byTransport = new IdentityHashMap<>(2);
        for (LocalConnection c : connections) {
            byTransport.computeIfAbsent(c.channel().transport(), t -> new ArrayList<>()).add(c.channel());
        }
        byTransport.forEach((transport, channels) -> deliver(transport, event, channels));
    }

    private void deliver(Transport transport, OutboundEvent event, List<ConnectionChannel> channels) {
        try {
            transport.fanOut(event, channels);
            metrics.delivered(channels.size());
        } catch (RuntimeException e) {
            // A transport bug must not stop delivery to the other transports or fail the sender's request.
            LOG.error("transport {} failed to fan out {}", transport, event.name(), e);
        }
    }
}
