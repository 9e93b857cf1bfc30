package dev.realtime.core.engine;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.Store;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A store that forwards every call, for tests that break one method. */
class ForwardingStore implements Store {
    private final Store delegate;

    ForwardingStore(Store delegate) {
        this.delegate = delegate;
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
}
