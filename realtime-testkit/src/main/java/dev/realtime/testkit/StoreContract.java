package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.Store;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every whole {@link Store} implementation must show: each part kit ({@link RoomStoreContract},
 * {@link ConnectionStoreContract}, {@link PresenceStoreContract}, {@link EventLogContract}) against it, plus its
 * name, availability and the admin queries that span parts. An implementation runs it by extending this class
 * and returning a fresh, empty store from {@link #createStore()}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContract {
 *     protected Store createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store; {@link #releaseStore(Store)} runs after it (closing it by default).
 */
public abstract class StoreContract {
    /** A new store holding no rooms, connections, presence or events. */
    protected abstract Store createStore();

    /** Cleanup hook, called after every test with the store {@link #createStore()} returned. */
    protected void releaseStore(Store used) {
        used.close();
    }

    @Test
    @DisplayName("names itself and reports itself available")
    void identity() {
        Store store = createStore();
        try {
            assertThat(store.name()).isNotBlank();
            assertThat(store.isAvailable()).isTrue();
        } finally {
            releaseStore(store);
        }
    }

    @Test
    @DisplayName("lists a user's memberships across rooms for the admin tools")
    void membershipsOfAUserSpanRooms() {
        Store store = createStore();
        try {
            StoreSamples samples = new StoreSamples();
            Room first = samples.room(samples.unique("first"));
            Room second = samples.room(samples.unique("second"));
            store.saveRoom(first);
            store.saveRoom(second);
            Membership a = samples.member(first.name(), "alice");
            Membership b = samples.member(second.name(), "alice");
            store.saveMembership(a);
            store.saveMembership(b);
            store.saveMembership(samples.member(first.name(), "bob"));

            assertThat(store.membershipsOf("alice")).containsExactlyInAnyOrder(a, b);
            assertThat(store.membershipsOf("nobody")).isEmpty();
        } finally {
            releaseStore(store);
        }
    }

    @Nested
    @DisplayName("rooms and memberships")
    class Rooms extends RoomStoreContract {
        @Override
        protected Store createRoomStore() {
            return createStore();
        }

        @Override
        protected void releaseRoomStore(dev.realtime.core.spi.store.RoomStore used) {
            releaseStore((Store) used);
        }
    }

    @Nested
    @DisplayName("connections")
    class Connections extends ConnectionStoreContract<Store> {
        @Override
        protected Store createConnectionStore() {
            return createStore();
        }

        @Override
        protected void releaseConnectionStore(Store used) {
            releaseStore(used);
        }
    }

    @Nested
    @DisplayName("presence")
    class PresenceSnapshots extends PresenceStoreContract<Store> {
        @Override
        protected Store createPresenceStore() {
            return createStore();
        }

        @Override
        protected void releasePresenceStore(Store used) {
            releaseStore(used);
        }
    }

    @Nested
    @DisplayName("event log")
    class EventLog extends EventLogContract<Store> {
        @Override
        protected Store createEventLog() {
            return createStore();
        }

        @Override
        protected void releaseEventLog(Store used) {
            releaseStore(used);
        }
    }
}
