package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.core.spi.store.RoomStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StorePartsTest {
    @Test
    void oneStoreForEveryPartIsNamedAndClosedOnce() {
        CountingStore store = new CountingStore();
        StoreParts parts = new StoreParts(store, store, store, store);

        parts.close();

        assertThat(parts.name()).isEqualTo("memory");
        assertThat(store.closed).hasValue(1);
    }

    @Test
    void separatePartsAreNamedPerPartAndEachClosed() {
        CountingStore log = new CountingStore();
        CountingStore rest = new CountingStore();
        StoreParts parts = new StoreParts(new AppRooms(), rest, rest, log);

        parts.close();

        assertThat(parts.name()).isEqualTo("rooms=AppRooms,connections=memory,presence=memory,eventLog=memory");
        assertThat(parts.isAvailable()).isTrue();
        assertThat(log.closed).hasValue(1);
        assertThat(rest.closed).hasValue(1);
    }

    @Test
    void aPartThatIsDownMakesTheWholeUnavailable() {
        ForwardingStore down = new ForwardingStore(new InMemoryStore()) {
            @Override
            public boolean isAvailable() {
                return false;
            }
        };

        assertThat(new StoreParts(new AppRooms(), down, down, new InMemoryStore()).isAvailable()).isFalse();
    }

    private static final class CountingStore extends ForwardingStore {
        final AtomicInteger closed = new AtomicInteger();

        CountingStore() {
            super(new InMemoryStore());
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** A room store of the application's own: no name, no liveness probe, nothing to close. */
    private static final class AppRooms implements RoomStore {
        @Override
        public List<Room> loadRooms() {
            return List.of();
        }

        @Override
        public Optional<Room> findRoom(String name) {
            return Optional.empty();
        }

        @Override
        public void saveRoom(Room room) {
        }

        @Override
        public boolean deleteRoom(String name) {
            return false;
        }

        @Override
        public List<Membership> members(String roomName) {
            return List.of();
        }

        @Override
        public void saveMembership(Membership membership) {
        }

        @Override
        public boolean removeMembership(String roomName, String userId) {
            return false;
        }
    }
}
