package dev.realtime.core.memory;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe store that keeps everything in the heap: the default when no database is configured, and the
 * store of unit tests. The event log keeps only the newest {@code eventCapacity} entries (by time) and closed
 * connection rows are forgotten except for the ids of the most recently closed ones, so memory stays bounded.
 */
public final class InMemoryStore implements Store {
    /** How many closed connection ids are remembered so that a replayed open row cannot reopen them. */
    private static final int CLOSED_IDS_REMEMBERED = 10_000;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Membership>> members = new ConcurrentHashMap<>();
    private final Map<String, ConnectionInfo> openConnections = new ConcurrentHashMap<>();
    private final Map<String, Boolean> recentlyClosed = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CLOSED_IDS_REMEMBERED;
        }
    };
    private final Map<String, Presence> presence = new ConcurrentHashMap<>();
    private final int eventCapacity;
    /** Oldest first by time, then by arrival; guarded by itself. */
    private final NavigableSet<Arrival> events = new TreeSet<>(Comparator.comparing(Arrival::createdAtOfEntry)
            .thenComparingLong(Arrival::order));
    private final Map<UUID, Arrival> eventsById = new HashMap<>();
    private long arrivals;

    public InMemoryStore() {
        this(10_000);
    }

    /** @param eventCapacity how many of the newest event-log entries to keep */
    public InMemoryStore(int eventCapacity) {
        if (eventCapacity < 1) {
            throw new IllegalArgumentException("eventCapacity must be >= 1");
        }
        this.eventCapacity = eventCapacity;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public List<Room> loadRooms() {
        return rooms.values().stream().sorted(Comparator.comparing(Room::name)).toList();
    }

    @Override
    public Optional<Room> findRoom(String name) {
        return Optional.ofNullable(rooms.get(name));
    }

    @Override
    public void saveRoom(Room room) {
        Objects.requireNonNull(room, "room");
        synchronized (members) {
            rooms.put(room.name(), room);
            members.computeIfAbsent(room.name(), k -> new ConcurrentHashMap<>());
        }
    }

    @Override
    public boolean deleteRoom(String name) {
        synchronized (members) {
            members.remove(name);
            return rooms.remove(name) != null;
        }
    }

    @Override
    public List<Membership> members(String roomName) {
        Map<String, Membership> byUser = members.get(roomName);
        return byUser == null ? List.of()
                : byUser.values().stream().sorted(Comparator.comparing(Membership::userId)).toList();
    }

    @Override
    public Optional<Membership> findMembership(String roomName, String userId) {
        Map<String, Membership> byUser = members.get(roomName);
        return Optional.ofNullable(byUser == null ? null : byUser.get(userId));
    }

    @Override
    public List<Membership> loadMemberships() {
        List<Membership> all = new ArrayList<>();
        members.values().forEach(byUser -> all.addAll(byUser.values()));
        return all;
    }

    @Override
    public List<Membership> membershipsOf(String userId) {
        List<Membership> result = new ArrayList<>();
        for (Map<String, Membership> byUser : members.values()) {
            Membership m = byUser.get(userId);
            if (m != null) {
                result.add(m);
            }
        }
        result.sort(Comparator.comparing(Membership::roomName));
        return result;
    }

    @Override
    public void saveMembership(Membership membership) {
        synchronized (members) {
            Map<String, Membership> byUser = members.get(membership.roomName());
            if (byUser == null || !rooms.containsKey(membership.roomName())) {
                throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "no room named " + membership.roomName());
            }
            byUser.put(membership.userId(), membership);
        }
    }

    @Override
    public boolean removeMembership(String roomName, String userId) {
        Map<String, Membership> byUser = members.get(roomName);
        return byUser != null && byUser.remove(userId) != null;
    }

    @Override
    public void saveConnections(List<ConnectionInfo> connections) {
        synchronized (recentlyClosed) {
            for (ConnectionInfo c : connections) {
                if (!c.isOpen()) {
                    openConnections.remove(c.id());
                    recentlyClosed.put(c.id(), Boolean.TRUE);
                } else if (!recentlyClosed.containsKey(c.id())) {
                    openConnections.put(c.id(), c);
                }
            }
        }
    }

    @Override
    public List<ConnectionInfo> openConnections(int limit) {
        return openConnections.values().stream()
                .sorted(Comparator.comparing(ConnectionInfo::connectedAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public void savePresence(List<Presence> snapshots) {
        for (Presence p : snapshots) {
            presence.put(p.userId(), p);
        }
    }

    @Override
    public List<Presence> loadPresence(Collection<String> userIds) {
        List<Presence> result = new ArrayList<>();
        for (String id : userIds) {
            Presence p = presence.get(id);
            if (p != null) {
                result.add(p);
            }
        }
        return result;
    }

    @Override
    public void appendEvents(List<EventLogEntry> entries) {
        synchronized (events) {
            for (EventLogEntry e : entries) {
                if (!eventsById.containsKey(e.id())) {
                    Arrival arrival = new Arrival(e, arrivals++);
                    events.add(arrival);
                    eventsById.put(e.id(), arrival);
                }
            }
            while (events.size() > eventCapacity) {
                eventsById.remove(events.pollFirst().entry().id());
            }
        }
    }

    @Override
    public List<EventLogEntry> recentEvents(EventQuery query) {
        List<EventLogEntry> result = new ArrayList<>();
        synchronized (events) {
            Iterator<Arrival> newestFirst = events.descendingIterator();
            while (newestFirst.hasNext() && result.size() < query.limit()) {
                EventLogEntry e = newestFirst.next().entry();
                if ((query.type() == null || query.type() == e.type())
                        && (query.roomName() == null || query.roomName().equals(e.roomName()))) {
                    result.add(e);
                }
            }
        }
        return result;
    }

    /** Entries kept per type, for tests and statistics. */
    public Map<String, Integer> eventCountsByType() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        synchronized (events) {
            for (Arrival a : events) {
                counts.merge(a.entry().type().wireName(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** An entry and its arrival number, which orders entries with the same time. */
    private record Arrival(EventLogEntry entry, long order) {
        Instant createdAtOfEntry() {
            return entry.createdAt();
        }
    }
}
