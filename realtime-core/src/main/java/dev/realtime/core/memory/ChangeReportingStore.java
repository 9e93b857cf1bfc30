package dev.realtime.core.memory;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.core.spi.store.RoomChangeFeed;
import dev.realtime.core.spi.store.Store;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory {@link RoomChangeFeed}: a store (an {@link InMemoryStore} by default) that reports every room and
 * membership write made through it, on the writing thread, right after the write. Several nodes sharing one
 * instance then see each other's room edits, as nodes sharing a database do through its notifications.
 *
 * <p>One listener at a time; a listener that throws is logged and keeps its subscription.
 */
public final class ChangeReportingStore extends ForwardingStore implements RoomChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeReportingStore.class);

    /** Guards {@link #listener}; held while it runs, so a closed subscription is never called afterwards. */
    private final Object reporting = new Object();
    private Consumer<RoomChange> listener;

    /** Reports the writes made to a new, empty {@link InMemoryStore}. */
    public ChangeReportingStore() {
        this(new InMemoryStore());
    }

    /** Reports the writes made through this object to {@code delegate} (not the ones made to it directly). */
    public ChangeReportingStore(Store delegate) {
        super(delegate);
    }

    @Override
    public Subscription subscribe(Consumer<RoomChange> value) {
        Objects.requireNonNull(value, "listener");
        synchronized (reporting) {
            if (listener != null) {
                throw new IllegalStateException("the store already reports changes to a listener");
            }
            listener = value;
        }
        return () -> {
            synchronized (reporting) {
                if (listener == value) {
                    listener = null;
                }
            }
        };
    }

    @Override
    public void saveRoom(Room room) {
        super.saveRoom(room);
        report(new RoomChange(room.name(), null));
    }

    @Override
    public boolean deleteRoom(String name) {
        boolean deleted = super.deleteRoom(name);
        if (deleted) {
            report(new RoomChange(name, null));
        }
        return deleted;
    }

    @Override
    public void saveMembership(Membership membership) {
        super.saveMembership(membership);
        report(new RoomChange(membership.roomName(), membership.userId()));
    }

    @Override
    public boolean removeMembership(String roomName, String userId) {
        boolean removed = super.removeMembership(roomName, userId);
        if (removed) {
            report(new RoomChange(roomName, userId));
        }
        return removed;
    }

    private void report(RoomChange change) {
        synchronized (reporting) {
            if (listener == null) {
                return;
            }
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("change listener failed on {}", change, e);
            }
        }
    }
}
