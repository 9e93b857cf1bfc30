package dev.realtime.core.internal.engine;

import dev.realtime.core.model.EventType;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Typing indicators: started, refreshed, stopped, expired, cleared by a message, a leave or a disconnect.
 * Every node keeps the cluster-wide table of each room and expires entries on its own timer, so an expiry is
 * announced by every node to its own connections without a bus message. Internal.
 */
final class TypingService {
    /** A typing entry as published on the bus. */
    record Remote(String node, String room, String threadId, String userId, Instant startedAt, Instant expiresAt) {
    }

    private final String nodeId;
    private final Duration timeout;
    private final Clock clock;
    private final RoomRegistry rooms;
    private final Fanout fanout;
    private final EventRecorder recorder;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    TypingService(String nodeId, Duration timeout, Clock clock, RoomRegistry rooms, Fanout fanout,
                  EventRecorder recorder, ClusterPublisher cluster) {
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.timeout = timeout;
        this.clock = clock;
        this.rooms = rooms;
        this.fanout = fanout;
        this.recorder = recorder;
    }

    /** {@code typing:start}: announces a new typist; a repeated start only extends the expiry. */
    void start(LocalConnection c, RoomState room, String threadId) {
        Instant now = clock.now();
        Instant expires = now.plus(timeout);
        long deadline = clock.nanos() + timeout.toNanos();
        TypingTable.Entry existing = room.typing.get(threadId, c.userId());
        if (existing != null) {
            synchronized (room.typing) {
                existing.extend(expires, deadline);
            }
            arm(room, existing);
            cluster.typing(room.room().name(), threadId, c.userId(), existing.startedAt, expires, false);
            return;
        }
        TypingTable.Entry entry = new TypingTable.Entry(threadId, c.userId(), nodeId, now, expires, deadline);
        TypingTable.Entry previous = room.typing.put(entry);
        cancel(previous);
        arm(room, entry);
        announce(room, threadId, c.userId());
        recorder.record(EventType.TYPING, c, room.room().name(), new Payloads.TypingEvent(room.room().name(),
                threadId, List.of(new Payloads.TypingUser(c.userId(), now.toString()))));
        cluster.typing(room.room().name(), threadId, c.userId(), now, expires, false);
    }

    /** {@code typing:stop}, or a message sent in that thread: ends the user's typing there. */
    void stop(RoomState room, String threadId, String userId) {
        TypingTable.Entry removed = room.typing.remove(threadId, userId);
        if (removed != null) {
            cancel(removed);
            announce(room, threadId, userId);
            cluster.typing(room.room().name(), threadId, userId, removed.startedAt, clock.now(), true);
        }
    }

    /** A leave or disconnect: ends the user's typing in every thread of the room. */
    void clearUser(RoomState room, String userId) {
        for (TypingTable.Entry e : room.typing.removeAll(e -> e.userId.equals(userId))) {
            cancel(e);
            announce(room, e.threadId, userId);
            cluster.typing(room.room().name(), e.threadId, userId, e.startedAt, clock.now(), true);
        }
    }

    /** The typists of one thread, oldest first, in wire form. */
    List<Payloads.TypingUser> typists(RoomState room, String threadId) {
        List<Payloads.TypingUser> users = new ArrayList<>();
        for (TypingTable.Entry e : room.typing.inThread(threadId)) {
            users.add(new Payloads.TypingUser(e.userId, e.startedAt.toString()));
        }
        return users;
    }

    // ---- cluster -----------------------------------------------------------------------------------

    /** A start, refresh or stop published by another node. */
    void applyRemote(Remote r, boolean stopped) {
        RoomState room = rooms.get(r.room());
        if (room == null) {
            return;
        }
        if (stopped) {
            TypingTable.Entry removed = room.typing.remove(r.threadId(), r.userId());
            if (removed != null) {
                cancel(removed);
                announce(room, r.threadId(), r.userId());
            }
            return;
        }
        TypingTable.Entry existing = room.typing.get(r.threadId(), r.userId());
        if (existing != null && Objects.equals(existing.node, r.node())) {
            synchronized (room.typing) {
                existing.extend(r.expiresAt(), deadlineOf(r.expiresAt()));
            }
            arm(room, existing);
            return;
        }
        TypingTable.Entry entry = new TypingTable.Entry(r.threadId(), r.userId(), r.node(), r.startedAt(),
                r.expiresAt(), deadlineOf(r.expiresAt()));
        cancel(room.typing.put(entry));
        arm(room, entry);
        announce(room, r.threadId(), r.userId());
    }

    /** Replaces every entry of {@code node} with {@code entries} (its full state). */
    void applySnapshot(String node, List<Remote> entries) {
        nodeGone(node, entries);
        for (Remote r : entries) {
            applyRemote(r, false);
        }
    }

    /** Removes the typing of a dead node's users. */
    void nodeGone(String node) {
        nodeGone(node, List.of());
    }

    private void nodeGone(String node, List<Remote> keep) {
        for (RoomState room : rooms.all()) {
            List<TypingTable.Entry> removed = room.typing.removeAll(e -> e.node.equals(node)
                    && keep.stream().noneMatch(k -> k.room().equals(room.room().name())
                    && Objects.equals(k.threadId(), e.threadId) && k.userId().equals(e.userId)));
            for (TypingTable.Entry e : removed) {
                cancel(e);
                announce(room, e.threadId, e.userId);
            }
        }
    }

    /** Entries this node originated, for a snapshot. */
    List<Remote> localEntries() {
        List<Remote> result = new ArrayList<>();
        for (RoomState room : rooms.all()) {
            for (TypingTable.Entry e : room.typing.all()) {
                if (e.node.equals(nodeId)) {
                    result.add(new Remote(nodeId, room.room().name(), e.threadId, e.userId, e.startedAt, e.expiresAt));
                }
            }
        }
        return result;
    }

    // ---- timers and announcing ---------------------------------------------------------------------

    private void arm(RoomState room, TypingTable.Entry entry) {
        Duration delay;
        synchronized (room.typing) {
            if (entry.expiry != null) {
                entry.expiry.cancel();
            }
            delay = Duration.ofNanos(entry.deadlineNanos - clock.nanos());
            entry.expiry = clock.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> expire(room, entry));
        }
    }

    private void expire(RoomState room, TypingTable.Entry entry) {
        synchronized (room.typing) {
            if (clock.nanos() - entry.deadlineNanos < 0) {
                return; // refreshed after this timer was armed; the newer timer will handle it
            }
        }
        if (room.typing.removeIfCurrent(entry)) {
            announce(room, entry.threadId, entry.userId);
        }
    }

    /** Another node's wall-clock expiry as a deadline on this node's ticker (the clocks' skew counts as before). */
    private long deadlineOf(Instant expiresAt) {
        return clock.nanos() + Duration.between(clock.now(), expiresAt).toNanos();
    }

    private static void cancel(TypingTable.Entry e) {
        if (e != null && e.expiry != null) {
            e.expiry.cancel();
        }
    }

    /** Sends the thread's current typists to everyone in the room except {@code changedUser}'s connections. */
    private void announce(RoomState room, String threadId, String changedUser) {
        Payloads.TypingEvent payload = new Payloads.TypingEvent(room.room().name(), threadId,
                typists(room, threadId));
        fanout.toRoomExcept(room, new OutboundEvent(EventNames.TYPING_EVENT, payload), null, changedUser);
    }
}
