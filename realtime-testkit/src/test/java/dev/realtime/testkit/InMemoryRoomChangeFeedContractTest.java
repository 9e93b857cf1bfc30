package dev.realtime.testkit;

import dev.realtime.core.memory.ChangeReportingStore;
import dev.realtime.core.spi.store.Store;

/** The in-memory change feed honours the feed contract. */
class InMemoryRoomChangeFeedContractTest extends RoomChangeFeedContract {
    @Override
    protected Store createStore() {
        return new ChangeReportingStore();
    }
}
