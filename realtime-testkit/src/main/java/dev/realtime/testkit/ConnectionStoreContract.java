package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.spi.store.ConnectionStore;
import dev.realtime.core.spi.store.StoreQueries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour a {@link ConnectionStore} must show. Rows are read back through the {@link StoreQueries} the
 * part also implements (what the admin tools read).
 *
 * @param <S> the part under test
 */
public abstract class ConnectionStoreContract<S extends ConnectionStore & StoreQueries> {
    /** The part under test, fresh for every test. */
    protected S store;
    /** Sample values with times near now and names unique to this test. */
    protected StoreSamples samples;

    /** A new, empty connection store. */
    protected abstract S createConnectionStore();

    /** Cleanup hook, called after every test with what {@link #createConnectionStore()} returned; closes it by default. */
    protected void releaseConnectionStore(S used) throws Exception {
        if (used instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openPart() {
        samples = new StoreSamples();
        store = createConnectionStore();
    }

    @AfterEach
    void closePart() throws Exception {
        if (store != null) {
            releaseConnectionStore(store);
        }
    }

    @Test
    void openConnectionsAreListedNewestFirstWithEveryField() {
        ConnectionInfo old = samples.openConnection("c-old", "alice", 300);
        ConnectionInfo mid = samples.bareConnection("c-mid", "anon-1", 200);
        ConnectionInfo recent = samples.openConnection("c-new", "bob", 100);
        store.saveConnections(List.of(mid, old, recent));

        assertThat(store.openConnections(10)).containsExactly(recent, mid, old);
    }

    @Test
    void limitKeepsTheNewest() {
        List<ConnectionInfo> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(samples.openConnection("c-" + i, "user-" + i, 100 - i));
        }
        store.saveConnections(batch);

        assertThat(store.openConnections(3)).extracting(ConnectionInfo::id).containsExactly("c-9", "c-8", "c-7");
    }

    @Test
    void savingAgainUpdatesTheRow() {
        ConnectionInfo c = samples.openConnection("c-1", "alice", 10);
        store.saveConnections(List.of(c));
        store.saveConnections(List.of(c.withLatency(250)));

        assertThat(store.openConnections(10)).containsExactly(c.withLatency(250));
    }

    @Test
    void closedConnectionsAreNotOpen() {
        ConnectionInfo stays = samples.openConnection("c-stays", "alice", 20);
        ConnectionInfo leaves = samples.openConnection("c-leaves", "bob", 10);
        store.saveConnections(List.of(stays, leaves));
        store.saveConnections(List.of(leaves.withDisconnectedAt(samples.at(0))));

        assertThat(store.openConnections(10)).containsExactly(stays);
    }

    @Test
    void aReplayedOpenRowDoesNotReopenAClosedConnection() {
        ConnectionInfo open = samples.openConnection("c-1", "alice", 10);
        store.saveConnections(List.of(open));
        store.saveConnections(List.of(open.withDisconnectedAt(samples.at(0))));

        store.saveConnections(List.of(open));

        assertThat(store.openConnections(10)).isEmpty();
    }

    @Test
    void aClosedRowWinsWithinOneBatchInEitherOrder() {
        ConnectionInfo first = samples.openConnection("c-1", "alice", 10);
        ConnectionInfo second = samples.openConnection("c-2", "bob", 10);
        store.saveConnections(List.of(first, first.withDisconnectedAt(samples.at(0)),
                second.withDisconnectedAt(samples.at(0)), second.withLatency(5)));

        assertThat(store.openConnections(10)).isEmpty();
    }

    @Test
    void aConnectionFirstSeenClosedIsNeverOpen() {
        ConnectionInfo c = samples.openConnection("c-1", "alice", 10);
        store.saveConnections(List.of(c.withDisconnectedAt(samples.at(0))));
        store.saveConnections(List.of(c));

        assertThat(store.openConnections(10)).isEmpty();
    }

    @Test
    void emptyBatchIsHarmless() {
        store.saveConnections(List.of());

        assertThat(store.openConnections(10)).isEmpty();
    }
}
