package dev.realtime.core.internal.engine;

import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a room's members when its history was lost: the epoch this node last saw for each room is remembered, and
 * the first sight of another one (on an append, a join, a history read, or reported by another node) sends
 * {@code history:reset} {roomName, offset, epoch} to the room's subscribers on this node; a change seen here is
 * also reported to the other nodes. Each node tells its own subscribers once per new epoch. Internal.
 */
final class HistoryResets {
    private final RoomRegistry rooms;
    private final Fanout fanout;
    /** Room name to the epoch last seen; one entry per room with history, like the room registry. */
    private final Map<String, String> epochs = new ConcurrentHashMap<>();
    /** Where a change seen here is reported (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    HistoryResets(RoomRegistry rooms, Fanout fanout, ClusterPublisher cluster) {
        this.rooms = rooms;
        this.fanout = fanout;
        this.cluster = cluster;
    }

    /** The room's history is at {@code now}, as read or written on this node. */
    void seen(String roomName, HistoryPosition now) {
        if (changed(roomName, now)) {
            cluster.historyReset(roomName, now);
        }
    }

    /** Another node saw the room's history at a new epoch. */
    void reported(String roomName, HistoryPosition now) {
        changed(roomName, now);
    }

    /** Records the epoch; on a change from a known one, tells this node's subscribers and answers true. */
    private boolean changed(String roomName, HistoryPosition now) {
        String before = epochs.put(roomName, now.epoch());
        if (before == null || before.equals(now.epoch())) {
            return false;
        }
        RoomState room = rooms.get(roomName);
        if (room != null) {
            fanout.toRoom(room, new OutboundEvent(EventNames.HISTORY_RESET,
                    new Payloads.HistoryReset(roomName, now.offset(), now.epoch())));
        }
        return true;
    }
}
