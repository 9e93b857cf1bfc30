package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.Rooms;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link Rooms} for server code: memory first, then bus, then the store through the background writer. Internal. */
final class RoomAdministration implements Rooms {
    private static final Duration STORE_WAIT = Duration.ofSeconds(5);

    private final Clock clock;
    private final RoomRegistry rooms;
    private final RoomStore store;
    private final WriteBehind writer;
    private final Fanout fanout;
    private final TypingService typing;
    private final AnnouncePolicy announce;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    RoomAdministration(Clock clock, RoomRegistry rooms, RoomStore store, WriteBehind writer, Fanout fanout,
                       TypingService typing, AnnouncePolicy announce, ClusterPublisher cluster) {
        this.cluster = cluster;
        this.clock = clock;
        this.rooms = rooms;
        this.store = store;
        this.writer = writer;
        this.fanout = fanout;
        this.typing = typing;
        this.announce = announce;
    }

    @Override
    public Room create(Room room) {
        Room stamped = stamp(room);
        RoomState state = rooms.createIfAbsent(stamped);
        if (state.room() != stamped) {
            throw RealtimeException.validation("name", "room " + room.name() + " already exists");
        }
        persist(WriteBehind.saveRoom(store, stamped));
        cluster.room(stamped, false);
        return stamped;
    }

    @Override
    public Room createIfAbsent(Room room) {
        Room stamped = stamp(room);
        RoomState state = rooms.createIfAbsent(stamped);
        if (state.room() == stamped) {
            persist(WriteBehind.saveRoom(store, stamped));
            cluster.room(stamped, false);
        }
        return state.room();
    }

    @Override
    public Room update(Room room) {
        RoomState state = require(room.name());
        Room updated = room.toBuilder().createdAt(state.room().createdAt()).updatedAt(clock.now()).build();
        rooms.upsert(updated);
        cluster.room(updated, false);
        persist(WriteBehind.saveRoom(store, updated));
        return updated;
    }

    @Override
    public boolean delete(String name) {
        RoomState removed = forget(name);
        if (removed == null) {
            return false;
        }
        cluster.room(removed.room(), true);
        persist(WriteBehind.deleteRoom(store, name));
        return true;
    }

    /** Drops a room from memory only (it is gone from the store already) and unsubscribes its connections. */
    RoomState forget(String name) {
        RoomState removed = rooms.remove(name);
        if (removed != null) {
            for (LocalConnection c : removed.subscribers().connections) {
                removed.unsubscribe(c);
                c.removeRoom(name);
            }
        }
        return removed;
    }

    @Override
    public Optional<Room> get(String name) {
        RoomState state = rooms.get(name);
        return state == null ? Optional.empty() : Optional.of(state.room());
    }

    @Override
    public List<Room> list() {
        return rooms.all().stream().map(RoomState::room).sorted(Comparator.comparing(Room::name)).toList();
    }

    @Override
    public List<Membership> members(String roomName) {
        return require(roomName).members().values().stream()
                .sorted(Comparator.comparing(Membership::userId)).toList();
    }

    @Override
    public Membership addMember(String roomName, String userId, MemberRole role) {
        RoomState state = require(roomName);
        Membership m;
        synchronized (state) {
            Membership existing = state.membership(userId);
            m = existing == null ? new Membership(roomName, userId, role, false, false, clock.now(), null)
                    : existing.withRole(role);
            rooms.putMember(state, m);
        }
        cluster.membership(m, false);
        persist(WriteBehind.saveMembership(store, m));
        return m;
    }

    @Override
    public Membership updateMember(Membership membership) {
        RoomState state = require(membership.roomName());
        synchronized (state) {
            rooms.putMember(state, membership);
        }
        cluster.membership(membership, false);
        if (membership.banned()) {
            expel(state, membership.userId());
        }
        persist(WriteBehind.saveMembership(store, membership));
        return membership;
    }

    @Override
    public boolean removeMember(String roomName, String userId) {
        RoomState state = require(roomName);
        Membership removed;
        synchronized (state) {
            removed = rooms.removeMember(state, userId);
        }
        if (removed == null) {
            return false;
        }
        cluster.membership(removed, true);
        persist(WriteBehind.removeMembership(store, roomName, userId));
        return true;
    }

    @Override
    public int onlineCount(String roomName) {
        return require(roomName).subscribers().size();
    }

    /** Unsubscribes a banned user's local connections from the room, telling the others unless the room is large. */
    void expel(RoomState state, String userId) {
        String name = state.room().name();
        boolean expelled = false;
        for (LocalConnection c : state.subscribers().connections) {
            if (c.userId().equals(userId) && state.unsubscribe(c) >= 0) {
                c.removeRoom(name);
                expelled = true;
            }
        }
        if (expelled) {
            typing.clearUser(state, userId);
            if (announce.announces(state)) {
                fanout.toRoom(state, new OutboundEvent(EventNames.USER_LEFT, new Payloads.UserRoom(name, userId)));
            }
        }
    }

    private RoomState require(String name) {
        RoomState state = rooms.get(name);
        if (state == null) {
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + name + " does not exist");
        }
        return state;
    }

    private Room stamp(Room room) {
        Instant now = clock.now();
        return room.toBuilder().createdAt(now).updatedAt(now).build();
    }

    private void persist(Runnable write) {
        CompletableFuture<Void> done = writer.submitAndTrack(write);
        try {
            done.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE,
                    "the store refused the change: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE,
                    "the change is live but the store did not confirm it within " + STORE_WAIT.toSeconds()
                            + " s; it will be retried");
        }
    }
}
