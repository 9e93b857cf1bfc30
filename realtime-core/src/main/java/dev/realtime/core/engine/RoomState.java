package dev.realtime.core.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one room on this node: the room, its memberships, the local subscribers and the
 * message sequence. Internal.
 *
 * <p>Subscribers change rarely compared to how often they are read, so fan-out reads an immutable
 * {@link Subscribers} snapshot that is rebuilt lazily after a change: no lock and no per-recipient work
 * beyond the transport's write.
 */
public final class RoomState {
    private volatile Room room;
    private final Map<String, Membership> members = new ConcurrentHashMap<>();
    private final Set<LocalConnection> subscribers = new HashSet<>();
    private volatile Subscribers snapshot = Subscribers.EMPTY;
    private volatile boolean snapshotStale;
    private final AtomicLong seq = new AtomicLong();
    /** Serializes sequence assignment with fan-out so every recipient sees one room's messages in seq order. */
    final Object publishLock = new Object();
    final TypingTable typing = new TypingTable();

    RoomState(Room room) {
        this.room = room;
    }

    public Room room() {
        return room;
    }

    void setRoom(Room value) {
        this.room = value;
    }

    Membership membership(String userId) {
        return members.get(userId);
    }

    Map<String, Membership> members() {
        return members;
    }

    int memberCount() {
        return members.size();
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** Moves the sequence forward to at least {@code seen} (a message accepted by another node). */
    void observeSeq(long seen) {
        seq.accumulateAndGet(seen, Math::max);
    }

    synchronized boolean subscribe(LocalConnection c) {
        boolean added = subscribers.add(c);
        if (added) {
            snapshotStale = true;
        }
        return added;
    }

    synchronized boolean unsubscribe(LocalConnection c) {
        boolean removed = subscribers.remove(c);
        if (removed) {
            snapshotStale = true;
        }
        return removed;
    }

    synchronized boolean isSubscribed(LocalConnection c) {
        return subscribers.contains(c);
    }

    /** The current subscribers as an immutable snapshot. */
    Subscribers subscribers() {
        if (!snapshotStale) {
            return snapshot;
        }
        synchronized (this) {
            if (snapshotStale) {
                snapshot = Subscribers.of(subscribers);
                snapshotStale = false;
            }
            return snapshot;
        }
    }

    /** An immutable view of a room's local subscribers, grouped by transport for one fan-out call each. */
    static final class Subscribers {
        static final Subscribers EMPTY = new Subscribers(new LocalConnection[0], Map.of());

        final LocalConnection[] connections;
        final Map<Transport, List<ConnectionChannel>> channelsByTransport;

        private Subscribers(LocalConnection[] connections, Map<Transport, List<ConnectionChannel>> byTransport) {
            this.connections = connections;
            this.channelsByTransport = byTransport;
        }

        static Subscribers of(Set<LocalConnection> set) {
            LocalConnection[] array = set.toArray(new LocalConnection[0]);
            Map<Transport, List<ConnectionChannel>> byTransport = new IdentityHashMap<>();
            for (LocalConnection c : array) {
                byTransport.computeIfAbsent(c.channel().transport(), t -> new ArrayList<>()).add(c.channel());
            }
            Map<Transport, List<ConnectionChannel>> frozen = new HashMap<>();
            byTransport.forEach((t, list) -> frozen.put(t, List.copyOf(list)));
            return new Subscribers(array, frozen);
        }

        int size() {
            return connections.length;
        }
    }
}
