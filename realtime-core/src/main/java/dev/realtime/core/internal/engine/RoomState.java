package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live state of one room on this node: the room, its memberships and the local subscribers. Internal.
 *
 * <p>Subscribers change rarely compared to how often they are read, so fan-out reads an immutable
 * {@link Subscribers} snapshot that is rebuilt lazily after a change: no lock and no per-recipient work
 * beyond the transport's write.
 */
public final class RoomState {
    private volatile Room room;
    private final Map<String, Membership> members = new ConcurrentHashMap<>();
    private final Set<LocalConnection> subscribers = new HashSet<>();
    /** Subscribed connections per user, so the online user count needs no scan of a big room. */
    private final Map<String, Integer> onlineUsers = new HashMap<>();
    private volatile Subscribers snapshot = Subscribers.EMPTY;
    private volatile boolean snapshotStale;
    /**
     * Serializes offset assignment (the message history's append) with fan-out, so every recipient sees this node's
     * messages of one room in offset order, and a joining connection's catch-up with its subscription, so nothing
     * falls between the replayed and the live messages.
     */
    final Object publishLock = new Object();
    final TypingTable typing = new TypingTable();
    /**
     * Connections just caught up from a shared history, to the offset they were given. Another node's message up
     * to that offset may still be on the bus and must not reach them twice; the entry goes with the first later
     * message. Empty nearly always, so the check costs one read on the cluster path.
     */
    private final Map<LocalConnection, Long> caughtUpTo = new ConcurrentHashMap<>();

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

    /** Subscribes; returns how many of this user's connections are subscribed now, or 0 when {@code c} already was. */
    synchronized int subscribe(LocalConnection c) {
        if (!subscribers.add(c)) {
            return 0;
        }
        snapshotStale = true;
        return onlineUsers.merge(c.userId(), 1, Integer::sum);
    }

    /** Unsubscribes; returns how many of this user's connections remain, or -1 when {@code c} was not subscribed. */
    synchronized int unsubscribe(LocalConnection c) {
        caughtUpTo.remove(c);
        if (!subscribers.remove(c)) {
            return -1;
        }
        snapshotStale = true;
        Integer remaining = onlineUsers.computeIfPresent(c.userId(), (u, n) -> n == 1 ? null : n - 1);
        return remaining == null ? 0 : remaining;
    }

    /** {@code c} was sent the room's messages up to {@code offset} from the history. */
    void caughtUp(LocalConnection c, long offset) {
        caughtUpTo.put(c, offset);
    }

    /** Whether some subscriber was caught up and may still see another node's message of its replay. */
    boolean hasCaughtUp() {
        return !caughtUpTo.isEmpty();
    }

    /**
     * Whether {@code c} already has the message of offset {@code seq} from its catch-up; a later message ends the
     * watch on {@code c}.
     */
    boolean alreadySent(LocalConnection c, long seq) {
        Long upTo = caughtUpTo.get(c);
        if (upTo == null) {
            return false;
        }
        if (seq <= upTo) {
            return true;
        }
        caughtUpTo.remove(c, upTo);
        return false;
    }

    synchronized boolean isSubscribed(LocalConnection c) {
        return subscribers.contains(c);
    }

    /** Distinct users with a subscribed connection on this node. */
    synchronized int onlineUserCount() {
        return onlineUsers.size();
    }

    /**
     * How big this room is when deciding whether to announce joins and leaves: its members, or the connections
     * subscribed on this node when those are more. Connections count because each one receives its own frame
     * (a user with many tabs, anonymous readers that are not members).
     */
    int audienceSize() {
        return Math.max(memberCount(), subscriberCount());
    }

    /** Connections subscribed on this node. */
    synchronized int subscriberCount() {
        return subscribers.size();
    }

    /** Up to {@code limit} of the online users, sorted. */
    synchronized List<String> onlineUsers(int limit) {
        return onlineUsers.keySet().stream().limit(limit).sorted().toList();
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
        static final Subscribers EMPTY = new Subscribers(new LocalConnection[0], new Group[0]);

        final LocalConnection[] connections;
        final Group[] groups;

        private Subscribers(LocalConnection[] connections, Group[] groups) {
            this.connections = connections;
            this.groups = groups;
        }

        static Subscribers of(Set<LocalConnection> set) {
            LocalConnection[] all = set.toArray(new LocalConnection[0]);
            Map<Transport, List<LocalConnection>> byTransport = new IdentityHashMap<>(2);
            Transport only = all.length == 0 ? null : all[0].channel().transport();
            boolean single = true;
            for (LocalConnection c : all) {
                if (c.channel().transport() != only) {
                    single = false;
                    break;
                }
            }
            if (single) {
                return new Subscribers(all, all.length == 0 ? new Group[0] : new Group[] {Group.of(only, all)});
            }
            for (LocalConnection c : all) {
                byTransport.computeIfAbsent(c.channel().transport(), t -> new ArrayList<>()).add(c);
            }
            List<Group> groups = new ArrayList<>();
            byTransport.forEach((t, list) -> groups.add(Group.of(t, list.toArray(new LocalConnection[0]))));
            return new Subscribers(all, groups.toArray(new Group[0]));
        }

        int size() {
            return connections.length;
        }
    }

    /** The subscribers reached through one transport, with their channels as a ready-made list. */
    record Group(Transport transport, LocalConnection[] connections, List<ConnectionChannel> channels) {
        static Group of(Transport transport, LocalConnection[] connections) {
            ConnectionChannel[] channels = new ConnectionChannel[connections.length];
            for (int i = 0; i < connections.length; i++) {
                channels[i] = connections[i].channel();
            }
            return new Group(transport, connections, Collections.unmodifiableList(Arrays.asList(channels)));
        }
    }
}
