package dev.realtime.testkit.engine;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.util.function.Consumer;

/**
 * One engine on a manual clock with an in-process transport. Tokens are {@code user:<id>}; {@code expired} and
 * anything else are refused, so the tests exercise the engine, not JWT parsing.
 */
final class TestNode implements AutoCloseable {

    final ManualClock clock;
    final InMemoryStore store;
    final InProcessTransport transport = new InProcessTransport();
    final Realtime realtime;
    final Bus bus;

    private TestNode(ManualClock clock, InMemoryStore store, Bus bus, Consumer<RealtimeOptions.Builder> options,
                     Consumer<Realtime.Builder> wiring) {
        this.clock = clock;
        this.store = store;
        this.bus = bus;
        RealtimeOptions.Builder ob = RealtimeOptions.builder().flushInterval(java.time.Duration.ofMillis(5));
        options.accept(ob);
        Realtime.Builder b = Realtime.builder().options(ob.build()).clock(clock).store(store).bus(bus)
                .authenticator(FakeAuthenticator.INSTANCE).transport(transport);
        wiring.accept(b);
        this.realtime = b.build();
        realtime.start();
    }

    static TestNode start() {
        return start(o -> { }, b -> { });
    }

    static TestNode start(Consumer<RealtimeOptions.Builder> options) {
        return start(options, b -> { });
    }

    static TestNode start(Consumer<RealtimeOptions.Builder> options, Consumer<Realtime.Builder> wiring) {
        return new TestNode(new ManualClock(), new InMemoryStore(), InMemoryBusHub.singleNode(), options, wiring);
    }

    /** A single node on a clock the test holds (for hooks that need the same clock, such as a JWT verifier). */
    static TestNode start(ManualClock clock, Consumer<RealtimeOptions.Builder> options,
                          Consumer<Realtime.Builder> wiring) {
        return new TestNode(clock, new InMemoryStore(), InMemoryBusHub.singleNode(), options, wiring);
    }

    /** A node of a cluster: shares the clock, the store and the bus hub with its peers. */
    static TestNode clusterNode(String nodeId, ManualClock clock, InMemoryStore store, InMemoryBusHub hub,
                                Consumer<RealtimeOptions.Builder> options) {
        return clusterNode(nodeId, clock, store, hub, options, b -> { });
    }

    /** A node of a cluster with its own wiring (authenticator, hooks). */
    static TestNode clusterNode(String nodeId, ManualClock clock, InMemoryStore store, InMemoryBusHub hub,
                                Consumer<RealtimeOptions.Builder> options, Consumer<Realtime.Builder> wiring) {
        return new TestNode(clock, store, hub.newNode(), o -> {
            o.nodeId(nodeId);
            options.accept(o);
        }, wiring);
    }

    TestClient connect(String userId) {
        return transport.connect("user:" + userId);
    }

    TestClient connectAnonymous() {
        return transport.connect((String) null);
    }

    /** The user's membership in the room; fails when there is none. */
    dev.realtime.core.model.Membership membership(String room, String userId) {
        return realtime.rooms().members(room).stream().filter(m -> m.userId().equals(userId)).findFirst()
                .orElseThrow(() -> new AssertionError(userId + " is not a member of " + room));
    }

    Room createRoom(String name) {
        return realtime.rooms().create(Room.builder(name).build());
    }

    @Override
    public void close() {
        realtime.close();
    }
}
