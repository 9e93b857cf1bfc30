package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.testkit.StoreSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch may carry several versions of one connection; one row per id goes to the database. */
class ConnectionMergeTest {
    private final StoreSamples samples = new StoreSamples();

    @Test
    void closedVersionWinsAndOtherwiseTheLastOne() {
        ConnectionInfo a = samples.openConnection("a", "alice", 5);
        ConnectionInfo b = samples.openConnection("b", "bob", 5);
        ConnectionInfo aClosed = a.withDisconnectedAt(samples.at(0));

        assertThat(ConnectionRepository.mergeById(List.of(b, aClosed, a.withLatency(9), b.withLatency(3))))
                .containsExactly(aClosed, b.withLatency(3));
    }
}
