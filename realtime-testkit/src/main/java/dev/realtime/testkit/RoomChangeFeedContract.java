package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.RoomChangeFeed;
import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import dev.realtime.core.spi.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoomChangeFeed} must show, for room and membership writes made through its store:
 *
 * <pre>{@code
 * class MyFeedContractTest extends RoomChangeFeedContract {
 *     protected Store createStore() { return new MyStore(...); } // a Store that is also a RoomChangeFeed
 * }
 * }</pre>
 *
 * <p>Reports are awaited (a feed may deliver from its own thread), never slept for. A closed subscription is
 * shown to be silent by a change that a later subscription does receive.
 */
public abstract class RoomChangeFeedContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The store under test, fresh for every test. */
    protected Store store;
    /** Sample values with names unique to this test. */
    protected StoreSamples samples;
    private final List<RoomChange> reported = new CopyOnWriteArrayList<>();
    private final List<RoomChangeFeed.Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** A new store holding no rooms, which is also a {@link RoomChangeFeed}. */
    protected abstract Store createStore();

    /** Cleanup hook, called after every test with the store {@link #createStore()} returned. */
    protected void releaseStore(Store used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        samples = new StoreSamples();
        store = createStore();
        assertThat(store).as("the store under test").isInstanceOf(RoomChangeFeed.class);
    }

    @AfterEach
    void closeStore() {
        subscriptions.forEach(RoomChangeFeed.Subscription::close);
        if (store != null) {
            releaseStore(store);
        }
    }

    private RoomChangeFeed feed() {
        return (RoomChangeFeed) store;
    }

    private RoomChangeFeed.Subscription subscribe(java.util.function.Consumer<RoomChange> listener) {
        RoomChangeFeed.Subscription subscription = feed().subscribe(listener);
        subscriptions.add(subscription);
        return subscription;
    }

    private void awaitReported(List<RoomChange> seen, RoomChange change) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen).contains(change));
    }

    @Test
    void roomsCreatedUpdatedAndDeletedAreReported() {
        subscribe(reported::add);
        Room room = samples.room(samples.unique("general"));

        store.saveRoom(room);
        awaitReported(reported, new RoomChange(room.name(), null));
        reported.clear();

        store.saveRoom(room.toBuilder().maxMembers(7).build());
        awaitReported(reported, new RoomChange(room.name(), null));
        reported.clear();

        store.deleteRoom(room.name());
        awaitReported(reported, new RoomChange(room.name(), null));
    }

    @Test
    void membershipsSavedAndRemovedAreReportedWithTheirUser() {
        Room room = samples.room(samples.unique("team"));
        store.saveRoom(room);
        subscribe(reported::add);
        String alice = samples.unique("alice");

        store.saveMembership(samples.member(room.name(), alice));
        awaitReported(reported, new RoomChange(room.name(), alice));
        reported.clear();

        store.removeMembership(room.name(), alice);
        awaitReported(reported, new RoomChange(room.name(), alice));
    }

    @Test
    void aClosedSubscriptionHearsNothingAndTheFeedCanBeSubscribedAgain() {
        RoomChangeFeed.Subscription first = subscribe(reported::add);
        first.close();
        first.close(); // idempotent

        List<RoomChange> second = new CopyOnWriteArrayList<>();
        subscribe(second::add);
        Room room = samples.room(samples.unique("after-close"));
        store.saveRoom(room);

        awaitReported(second, new RoomChange(room.name(), null));
        assertThat(reported).doesNotContain(new RoomChange(room.name(), null));
    }

    @Test
    void aListenerThatThrowsKeepsReceivingLaterChanges() {
        AtomicBoolean thrown = new AtomicBoolean();
        subscribe(change -> {
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("listener bug (expected by the contract test)");
            }
            reported.add(change);
        });
        store.saveRoom(samples.room(samples.unique("first")));
        await().atMost(WAIT).untilTrue(thrown);

        Room later = samples.room(samples.unique("later"));
        store.saveRoom(later);
        awaitReported(reported, new RoomChange(later.name(), null));
    }
}
