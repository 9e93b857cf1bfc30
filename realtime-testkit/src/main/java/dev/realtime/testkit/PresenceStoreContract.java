package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.spi.store.PresenceStore;
import dev.realtime.core.spi.store.StoreQueries;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour a {@link PresenceStore} must show. Snapshots are read back through the {@link StoreQueries} the
 * part also implements.
 *
 * @param <S> the part under test
 */
public abstract class PresenceStoreContract<S extends PresenceStore & StoreQueries> {
    /** The part under test, fresh for every test. */
    protected S store;
    /** Sample values with times near now and names unique to this test. */
    protected StoreSamples samples;

    /** A new, empty presence store. */
    protected abstract S createPresenceStore();

    /** Cleanup hook, called after every test with what {@link #createPresenceStore()} returned; closes it by default. */
    protected void releasePresenceStore(S used) throws Exception {
        if (used instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openPart() {
        samples = new StoreSamples();
        store = createPresenceStore();
    }

    @AfterEach
    void closePart() throws Exception {
        if (store != null) {
            releasePresenceStore(store);
        }
    }

    @Test
    void savedSnapshotsAreLoadedWithEveryField() {
        Presence alice = samples.presence("alice", PresenceStatus.BUSY);
        Presence bob = new Presence("bob", PresenceStatus.ONLINE, new CustomStatus("coding", null, null), null, 1);
        store.savePresence(List.of(alice, bob));

        assertThat(store.loadPresence(List.of("alice", "bob"))).containsExactlyInAnyOrder(alice, bob);
    }

    @Test
    void usersNeverSavedAreAbsent() {
        store.savePresence(List.of(samples.presence("alice", PresenceStatus.ONLINE)));

        assertThat(store.loadPresence(List.of("alice", "ghost"))).extracting(Presence::userId)
                .containsExactly("alice");
        assertThat(store.loadPresence(List.of())).isEmpty();
    }

    @Test
    void savingAgainReplacesTheSnapshot() {
        store.savePresence(List.of(samples.presence("alice", PresenceStatus.ONLINE)));
        Presence offline = Presence.offline("alice");
        store.savePresence(List.of(offline));

        assertThat(store.loadPresence(List.of("alice"))).containsExactly(offline);
    }

    @Test
    void theLastSnapshotOfAUserInOneBatchWins() {
        Presence away = samples.presence("alice", PresenceStatus.AWAY);
        Presence online = new Presence("alice", PresenceStatus.ONLINE, null, samples.at(1), 3);
        store.savePresence(List.of(away, online));

        assertThat(store.loadPresence(List.of("alice"))).containsExactly(online);
    }

    @Test
    void replayingABatchIsHarmless() {
        List<Presence> batch = List.of(samples.presence("alice", PresenceStatus.AWAY), Presence.offline("bob"));
        store.savePresence(batch);
        store.savePresence(batch);

        assertThat(store.loadPresence(List.of("alice", "bob"))).containsExactlyInAnyOrderElementsOf(batch);
    }
}
