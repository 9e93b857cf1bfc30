package dev.realtime.testkit;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.spi.store.Store;

/** The in-memory default store honours the store contract. */
class InMemoryStoreContractTest extends StoreContract {
    @Override
    protected Store createStore() {
        return new InMemoryStore();
    }
}
