package dev.realtime.testkit;

import dev.realtime.core.memory.InMemoryHistory;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.History;

/** The in-memory default history honours the history contract. */
class InMemoryHistoryContractTest extends HistoryContract {
    @Override
    protected History createHistory(Clock clock) {
        return new InMemoryHistory(clock);
    }
}
