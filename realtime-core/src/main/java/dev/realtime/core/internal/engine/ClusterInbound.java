package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryPosition;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Applies what other nodes report to this node's services: each {@link ClusterMessage} kind has one handler,
 * registered once in {@link #handlers()}; also this node's {@link #snapshot()} and what to forget of a node that
 * is gone. Internal.
 */
final class ClusterInbound {
    private final RoomRegistry rooms;
    private final ConnectionRegistry connections;
    private final Fanout fanout;
    /** Moves a node-local history's offsets past other nodes' messages. */
    private final History history;
    private final HistoryResets historyResets;
    private final PresenceService presence;
    private final TypingService typing;
    private final UserRevocation revocation;
    private final Consumer<LocalConnection> kick;
    private final BiConsumer<RoomState, String> expel;

    ClusterInbound(RoomRegistry rooms, ConnectionRegistry connections, Fanout fanout, History history,
                   HistoryResets historyResets, PresenceService presence, TypingService typing, UserRevocation revocation,
                   Consumer<LocalConnection> kick, BiConsumer<RoomState, String> expel) {
        this.rooms = rooms;
        this.connections = connections;
        this.fanout = fanout;
        this.history = history;
        this.historyResets = historyResets;
        this.presence = presence;
        this.typing = typing;
        this.revocation = revocation;
        this.kick = kick;
        this.expel = expel;
    }

    /** The handlers of every kind the services apply (the cluster link handles its own kinds). */
    ClusterHandlers handlers() {
        return new ClusterHandlers()
                .on(ClusterMessage.RoomEvent.class, (from, m) -> roomEvent(m))
                .on(ClusterMessage.PresenceShare.class, (from, m) -> presence.applyRemote(m.share()))
                .on(ClusterMessage.TypingChange.class, (from, m) -> typing.applyRemote(m.entry(), m.stopped()))
                .on(ClusterMessage.MembershipChange.class, (from, m) -> membership(m.membership(), m.removed()))
                .on(ClusterMessage.RoomChange.class, (from, m) -> room(m.room(), m.deleted()))
                .on(ClusterMessage.Kick.class, (from, m) -> kick(m.userId(), m.connectionId()))
                .on(ClusterMessage.Revoke.class, (from, m) -> revocation.apply(m.userId(), m.atMillis()))
                .on(ClusterMessage.HistoryReset.class, (from, m) ->
                        historyResets.reported(m.room(), new HistoryPosition(m.offset(), m.epoch())))
                .on(ClusterMessage.Snapshot.class, this::snapshot);
    }

    /** This node's replicated state, for a node that asks. */
    ClusterMessage.Snapshot snapshot() {
        return new ClusterMessage.Snapshot(presence.localShares(), typing.localEntries(), revocation.active());
    }

    /** A node left or went silent: its users' presence and typing go. */
    void nodeGone(String node) {
        presence.nodeGone(node);
        typing.nodeGone(node);
    }

    private void roomEvent(ClusterMessage.RoomEvent m) {
        RoomState room = rooms.get(m.room());
        if (room == null) {
            return;
        }
        if (m.seq() > 0) {
            history.observed(m.room(), m.seq());
        }
        if (m.seq() > 0 && room.hasCaughtUp()) {
            // a connection caught up from a shared history may have got this message in its replay already
            String exceptConnection = m.exceptConnectionId();
            String exceptUser = m.exceptUserId();
            fanout.toRoomIf(room, m.event(), c -> !c.id().equals(exceptConnection) && !c.userId().equals(exceptUser)
                    && !room.alreadySent(c, m.seq()));
            return;
        }
        fanout.toRoomExcept(room, m.event(), m.exceptConnectionId(), m.exceptUserId());
    }

    private void membership(Membership membership, boolean removed) {
        RoomState room = rooms.get(membership.roomName());
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (removed) {
                rooms.removeMember(room, membership.userId());
            } else {
                rooms.putMember(room, membership);
            }
        }
        if (membership.banned() && !removed) {
            expel.accept(room, membership.userId());
        }
    }

    private void room(Room room, boolean deleted) {
        if (deleted) {
            RoomState removed = rooms.remove(room.name());
            if (removed != null) {
                for (LocalConnection c : removed.subscribers().connections) {
                    c.removeRoom(room.name());
                }
            }
        } else {
            rooms.upsert(room);
        }
    }

    private void kick(String userId, String connectionId) {
        if (connectionId != null) {
            LocalConnection c = connections.get(connectionId);
            if (c != null) {
                kick.accept(c);
            }
        }
        if (userId != null) {
            for (LocalConnection c : List.copyOf(connections.ofUser(userId))) {
                kick.accept(c);
            }
        }
    }

    private void snapshot(String from, ClusterMessage.Snapshot m) {
        presence.applySnapshot(from, m.presence());
        typing.applySnapshot(from, m.typing());
        for (Map.Entry<String, Long> revoked : m.revocations().entrySet()) {
            revocation.apply(revoked.getKey(), revoked.getValue());
        }
    }
}
