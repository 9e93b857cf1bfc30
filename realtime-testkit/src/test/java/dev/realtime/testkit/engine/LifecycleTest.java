package dev.realtime.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** build() only configures, start() starts, close() releases everything the node was given. */
class LifecycleTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void buildReadsNothingAndStartLoadsTheStore() {
        AtomicInteger loads = new AtomicInteger();
        InMemoryStore backing = new InMemoryStore();
        backing.saveRoom(Room.builder("kept").build());
        ForwardingStore store = new ForwardingStore(backing) {
            @Override
            public List<Room> loadRooms() {
                loads.incrementAndGet();
                return super.loadRooms();
            }
        };

        Realtime realtime = Realtime.builder().clock(clock).store(store).authenticator(new ClosingAuthenticator())
                .room(Room.builder("lobby").build()).build();
        assertThat(loads).hasValue(0);
        assertThatThrownBy(realtime::rooms).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");

        realtime.start();
        try {
            assertThat(loads).hasValue(1);
            assertThat(realtime.rooms().list()).extracting(Room::name).containsExactly("kept", "lobby");
        } finally {
            realtime.close();
        }
    }

    @Test
    void aStoreThatCannotBeReadFailsStartNotBuild() {
        ForwardingStore broken = new ForwardingStore(new InMemoryStore()) {
            @Override
            public List<Room> loadRooms() {
                throw new IllegalStateException("database down");
            }
        };
        Realtime realtime = Realtime.builder().clock(clock).store(broken).authenticator(new ClosingAuthenticator())
                .build();

        assertThatThrownBy(realtime::start).isInstanceOfSatisfying(RealtimeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        realtime.close();
    }

    @Test
    void closeClosesAnAuthenticatorThatHoldsResources() {
        ClosingAuthenticator authenticator = new ClosingAuthenticator();
        Realtime realtime = Realtime.builder().clock(clock).authenticator(authenticator).build();
        realtime.start();

        realtime.close();

        assertThat(authenticator.closed).hasValue(1);
        assertThatThrownBy(realtime::rooms).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void eachPartOfTheStoreIsPluggedSeparately() {
        InMemoryStore rooms = new InMemoryStore();
        rooms.saveRoom(Room.builder("from-app-db").build());
        InMemoryStore log = new InMemoryStore();
        InProcessTransport transport = new InProcessTransport();
        Realtime realtime = Realtime.builder().clock(clock).roomStore(rooms).eventLog(log)
                .authenticator(new ClosingAuthenticator()).transport(transport).build();
        realtime.start();
        try {
            transport.connect("alice");

            assertThat(realtime.rooms().get("from-app-db")).isPresent();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.eventCountsByType().containsKey("connect"));
            assertThat(rooms.eventCountsByType()).isEmpty();
            assertThat(realtime.health().store().name()).startsWith("rooms=memory,connections=memory");
        } finally {
            realtime.close();
        }
    }

    private static final class ClosingAuthenticator implements Authenticator, AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Principal authenticate(Credentials credentials) {
            return Principal.user(credentials.token(), credentials.token());
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
