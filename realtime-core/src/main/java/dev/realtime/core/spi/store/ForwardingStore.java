package dev.realtime.core.spi.store;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards every call to another: extend it and override what you want to change (metrics,
 * failure injection in tests, change notification).
 */
public class ForwardingStore implements Store {
    private final Store delegate;

    public ForwardingStore(Store delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are forwarded to. */
    protected Store delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public List<Room> loadRooms() {
        return delegate.loadRooms();
    }

    @Override
    public Optional<Room> findRoom(String name) {
        return delegate.findRoom(name);
    }

    @Override
    public void saveRoom(Room room) {
        delegate.saveRoom(room);
    }

    @Override
    public boolean deleteRoom(String name) {
        return delegate.deleteRoom(name);
    }

    @Override
    public List<Membership> members(String roomName) {
        return delegate.members(roomName);
    }

    @Override
    public Optional<Membership> findMembership(String roomName, String userId) {
        return delegate.findMembership(roomName, userId);
    }

    @Override
    public List<Membership> loadMemberships() {
        return delegate.loadMemberships();
    }

    @Override
    public List<Membership> membershipsOf(String userId) {
        return delegate.membershipsOf(userId);
    }

    @Override
    public void saveMembership(Membership membership) {
        delegate.saveMembership(membership);
    }

    @Override
    public boolean removeMembership(String roomName, String userId) {
        return delegate.removeMembership(roomName, userId);
    }

    @Override
    public void saveConnections(List<ConnectionInfo> connections) {
        delegate.saveConnections(connections);
    }

    @Override
    public List<ConnectionInfo> openConnections(int limit) {
        return delegate.openConnections(limit);
    }

    @Override
    public void savePresence(List<Presence> snapshots) {
        delegate.savePresence(snapshots);
    }

    @Override
    public List<Presence> loadPresence(Collection<String> userIds) {
        return delegate.loadPresence(userIds);
    }

    @Override
    public void appendEvents(List<EventLogEntry> entries) {
        delegate.appendEvents(entries);
    }

    @Override
    public List<EventLogEntry> recentEvents(EventQuery query) {
        return delegate.recentEvents(query);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
