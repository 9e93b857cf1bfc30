package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.JoinAuthorizer;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.protocol.TokenPayloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Instant;
import java.util.List;

/** {@code room:join} and {@code room:leave}, and unsubscribing a closing connection. Internal. */
final class RoomService {
    private static final int MAX_LISTED_MEMBERS = 100;

    private final boolean autoCreate;
    private final Clock clock;
    private final RoomRegistry rooms;
    private final RoomStore store;
    private final WriteBehind writer;
    private final Fanout fanout;
    private final EventRecorder recorder;
    private final TypingService typing;
    private final List<JoinAuthorizer> authorizers;
    private final AnnouncePolicy announce;
    private final HistoryService history;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    RoomService(boolean autoCreate, Clock clock, RoomRegistry rooms, RoomStore store, WriteBehind writer, Fanout fanout,
                EventRecorder recorder, TypingService typing, List<JoinAuthorizer> authorizers,
                AnnouncePolicy announce, HistoryService history, ClusterPublisher cluster) {
        this.cluster = cluster;
        this.history = history;
        this.autoCreate = autoCreate;
        this.clock = clock;
        this.rooms = rooms;
        this.store = store;
        this.writer = writer;
        this.fanout = fanout;
        this.recorder = recorder;
        this.typing = typing;
        this.authorizers = authorizers;
        this.announce = announce;
    }

    /**
     * Subscribes the connection; with {@code since} (the history position the client last saw, or null) the ack
     * also carries what it missed, or why it cannot have it.
     */
    Payloads.JoinResult join(LocalConnection c, String roomName, HistoryPosition since) {
        return join(c, roomName, since, false);
    }

    /**
     * A join that, with {@code replay}, also sends the recovered messages to the connection as {@code message:new}
     * events before any live one (Socket.IO connection state recovery, whose clients read no acks for this).
     */
    Payloads.JoinResult join(LocalConnection c, String roomName, HistoryPosition since, boolean replay) {
        RoomState room = findJoinable(c, roomName);
        Membership created = null;
        Membership existing;
        synchronized (room) {
            existing = room.membership(c.userId());
            checkAccess(c, room.room(), existing);
            authorize(c, room.room(), existing);
            if (existing == null && !c.anonymous()) {
                if (room.room().hasMemberLimit() && room.memberCount() >= room.room().maxMembers()) {
                    throw new RealtimeException(ErrorCode.ROOM_FULL, "room " + roomName + " is full");
                }
                created = Membership.member(roomName, c.userId(), clock.now());
                rooms.putMember(room, created);
            }
        }
        if (created != null) {
            writer.submitAndTrack(WriteBehind.saveMembership(store, created));
            cluster.membership(created, false);
        }
        int userConnections;
        HistoryService.Recovery recovery = null;
        HistoryPosition position;
        synchronized (room.publishLock) {
            userConnections = room.subscribe(c);
            if (since != null) {
                recovery = history.recover(roomName, since);
                position = recovery.position();
                if (recovery.recovered()) {
                    room.caughtUp(c, position.offset());
                }
                if (replay && recovery.recovered()) {
                    for (Payloads.MessageNew m : recovery.messages()) {
                        c.channel().send(new OutboundEvent(EventNames.MESSAGE_NEW, m,
                                RecoveryOffsets.format(m.seq(), roomName)));
                    }
                }
            } else {
                position = history.position(roomName);
            }
        }
        c.joined(roomName, since != null && recovery.recovered() ? since : position);
        if (userConnections > 0) {
            Payloads.UserRoom payload = new Payloads.UserRoom(roomName, c.userId());
            if (userConnections == 1 && announce.announces(room)) {
                // A second tab of a user already in the room is no news to the others.
                OutboundEvent joined = new OutboundEvent(EventNames.USER_JOINED, payload);
                fanout.toRoomExcept(room, joined, c.id(), null);
                cluster.roomEvent(roomName, joined, c.id(), null, 0);
            }
            recorder.record(EventType.JOIN, c, roomName, payload);
        }
        return joinResult(room, position, recovery);
    }

    Payloads.RoomRef leave(LocalConnection c, String roomName) {
        RoomState room = rooms.get(roomName);
        if (room == null || !room.isSubscribed(c)) {
            throw new RealtimeException(ErrorCode.NOT_IN_ROOM, "not in room " + roomName);
        }
        unsubscribe(c, room, true);
        Membership removed;
        synchronized (room) {
            Membership m = room.membership(c.userId());
            // Bans and mutes outlive a leave: removing them would let a banned user rejoin a public room.
            removed = m != null && !m.banned() && !m.muted() ? rooms.removeMember(room, c.userId()) : null;
        }
        if (removed != null) {
            writer.submitAndTrack(WriteBehind.removeMembership(store, roomName, c.userId()));
            cluster.membership(removed, true);
        }
        return new Payloads.RoomRef(roomName);
    }

    /**
     * Checks again, after a token refresh changed the connection's claims, every room it is subscribed to
     * against the join rules; a room they no longer allow is left (announced like a leave, the membership
     * kept) and the connection gets {@code room:left} with the refusal's code.
     */
    void recheck(LocalConnection c) {
        for (String name : List.copyOf(c.rooms())) {
            RoomState room = rooms.get(name);
            if (room == null) {
                continue;
            }
            RealtimeException refusal = null;
            synchronized (room) {
                try {
                    Membership m = room.membership(c.userId());
                    checkAccess(c, room.room(), m);
                    authorize(c, room.room(), m);
                } catch (RealtimeException e) {
                    refusal = e;
                }
            }
            if (refusal != null) {
                unsubscribe(c, room, false);
                c.channel().send(new OutboundEvent(EventNames.ROOM_LEFT,
                        new TokenPayloads.RoomLeft(name, refusal.code().name(), refusal.getMessage())));
            }
        }
    }

    /** Unsubscribes a closing connection from every room, announcing {@code user:left}. */
    void closeAll(LocalConnection c) {
        for (String name : List.copyOf(c.rooms())) {
            RoomState room = rooms.get(name);
            if (room != null) {
                unsubscribe(c, room, false);
            }
        }
        c.clearRooms();
    }

    /**
     * The node is stopping: unsubscribes {@code c} from its rooms without telling local room mates (they are
     * being closed too) and without clearing typing (other nodes drop this node's typing on its "bye"); other
     * nodes still get {@code user:left} when this was the user's last connection in a room.
     */
    void leaveAllAtStop(LocalConnection c) {
        for (String name : List.copyOf(c.rooms())) {
            RoomState room = rooms.get(name);
            if (room != null && room.unsubscribe(c) == 0 && announce.announces(room)) {
                cluster.roomEvent(name, new OutboundEvent(EventNames.USER_LEFT, new Payloads.UserRoom(name,
                        c.userId())), c.id(), null, 0);
            }
        }
        c.clearRooms();
    }

    private void unsubscribe(LocalConnection c, RoomState room, boolean explicit) {
        String name = room.room().name();
        int remaining = room.unsubscribe(c);
        c.left(name);
        if (remaining < 0) {
            return;
        }
        Payloads.UserRoom payload = new Payloads.UserRoom(name, c.userId());
        if (remaining == 0) {
            // Only the user's last connection in the room ends their typing and their presence in it.
            typing.clearUser(room, c.userId());
            if (announce.announces(room)) {
                OutboundEvent left = new OutboundEvent(EventNames.USER_LEFT, payload);
                fanout.toRoomExcept(room, left, c.id(), null);
                cluster.roomEvent(name, left, c.id(), null, 0);
            }
        }
        recorder.record(EventType.LEAVE, c, name, explicit ? payload : new Payloads.RoomRef(name));
    }

    private RoomState findJoinable(LocalConnection c, String roomName) {
        RoomState room = rooms.get(roomName);
        if (room == null && autoCreate && !c.anonymous()) {
            Instant now = clock.now();
            Room fresh = Room.builder(roomName).createdAt(now).updatedAt(now).build();
            room = rooms.createIfAbsent(fresh);
            if (room.room() == fresh) {
                writer.submitAndTrack(WriteBehind.saveRoom(store, fresh));
                cluster.room(fresh, false);
            }
        }
        if (room == null || !room.room().active()) {
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + roomName + " does not exist");
        }
        return room;
    }

    private static void checkAccess(LocalConnection c, Room room, Membership m) {
        if (m != null && m.banned()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "you are banned from room " + room.name());
        }
        if (room.visibility() == RoomVisibility.PUBLIC || m != null) {
            return;
        }
        if (room.visibility() == RoomVisibility.SECRET) {
            // A secret room does not exist for non-members.
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + room.name() + " does not exist");
        }
        throw new RealtimeException(ErrorCode.FORBIDDEN, "room " + room.name() + " is for members only");
    }

    private void authorize(LocalConnection c, Room room, Membership m) {
        for (JoinAuthorizer a : authorizers) {
            Decision d = a.authorize(c.info(), c.principal(), room, m);
            if (!d.allowed()) {
                throw new RealtimeException(d.refusal().code(), d.refusal().message());
            }
        }
    }

    private Payloads.JoinResult joinResult(RoomState room, HistoryPosition position,
                                           HistoryService.Recovery recovery) {
        List<String> members = announce.announces(room) ? room.onlineUsers(MAX_LISTED_MEMBERS) : null;
        return new Payloads.JoinResult(room.room().name(), room.memberCount(), room.onlineUserCount(), members,
                typing.typists(room, null), position.offset(), position.epoch(),
                recovery == null ? null : recovery.recovered(),
                recovery == null || recovery.recovered() ? null : recovery.failure().name(),
                recovery == null ? null : recovery.messages());
    }

    /** The role rule of broadcast rooms, shared with sends. */
    static boolean mayBroadcast(Membership m) {
        return m != null && m.role() != null && m.role().canBroadcast();
    }
}
