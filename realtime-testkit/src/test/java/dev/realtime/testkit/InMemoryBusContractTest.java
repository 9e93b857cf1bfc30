package dev.realtime.testkit;

import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.spi.bus.Bus;

/** The in-process hub keeps every bus guarantee. */
class InMemoryBusContractTest extends BusContract {
    private final InMemoryBusHub hub = new InMemoryBusHub();

    @Override
    protected Bus newNode() {
        return hub.newNode();
    }
}
