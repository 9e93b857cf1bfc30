package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryHistory;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A room's history lost (a new epoch) is told to its members, once per node, before the new epoch's messages. */
class HistoryResetTest {
    /** A shared history that the test can make lose everything, as a restarted Redis without persistence does. */
    private static final class LosableHistory implements History {
        private final ManualClock clock;
        private volatile InMemoryHistory current;

        LosableHistory(ManualClock clock) {
            this.clock = clock;
            this.current = new InMemoryHistory(clock);
        }

        void lose() {
            current = new InMemoryHistory(clock);
        }

        @Override
        public String name() {
            return "losable";
        }

        @Override
        public synchronized Appended append(ChatMessage message, HistoryLimits limits) {
            return current.append(message, limits);
        }

        @Override
        public HistoryPosition position(String roomName) {
            return current.position(roomName);
        }

        @Override
        public List<ChatMessage> read(String roomName, HistoryQuery query) {
            return current.read(roomName, query);
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, Object> msg(String content) {
        return Map.of("roomName", "general", "content", content);
    }

    @Test
    void membersAreToldOnceBeforeTheFirstMessageOfTheNewEpoch() {
        ManualClock clock = new ManualClock();
        LosableHistory history = new LosableHistory(clock);
        try (TestNode node = TestNode.start(clock, o -> { }, b -> b.history(history))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            String oldEpoch = ok(alice.emit("room:join", room("general"))).path("epoch").asText();
            ok(alice.emit("message:send", msg("m1")));
            ok(alice.emit("message:send", msg("m2")));

            history.lose();
            ok(alice.emit("message:send", msg("m3")));
            ok(alice.emit("message:send", msg("m4")));

            List<JsonNode> resets = alice.received("history:reset");
            assertThat(resets).hasSize(1);
            JsonNode reset = resets.get(0);
            assertThat(reset.path("roomName").asText()).isEqualTo("general");
            assertThat(reset.path("epoch").asText()).isNotBlank().isNotEqualTo(oldEpoch);
            assertThat(reset.path("offset").asLong()).as("messages after it follow").isZero();
            List<String> order = alice.received().stream()
                    .filter(e -> e.name().equals("history:reset") || e.name().equals("message:new"))
                    .map(e -> e.name().equals("history:reset") ? "reset" : e.data().path("content").asText())
                    .toList();
            assertThat(order).containsExactly("m1", "m2", "reset", "m3", "m4");
            JsonNode rejoin = ok(node.connect("alice").emit("room:join", Map.of("roomName", "general",
                    "since", Map.of("offset", 2, "epoch", oldEpoch))));
            assertThat(rejoin.path("recovered").asBoolean()).isFalse();
            assertThat(rejoin.path("reason").asText()).isEqualTo("EPOCH_CHANGED");
        }
    }

    @Test
    void everyNodeTellsItsOwnMembersOnce() {
        ManualClock clock = new ManualClock();
        InMemoryStore store = new InMemoryStore();
        InMemoryBusHub hub = new InMemoryBusHub();
        LosableHistory shared = new LosableHistory(clock);
        try (TestNode a = TestNode.clusterNode("node-a", clock, store, hub, o -> { }, b -> b.history(shared));
             TestNode b = TestNode.clusterNode("node-b", clock, store, hub, o -> { }, w -> w.history(shared))) {
            a.createRoom("general");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.realtime.rooms().get("general").isPresent()
                    && a.realtime.health().bus().peers().contains("node-b")
                    && b.realtime.health().bus().peers().contains("node-a"));
            TestClient alice = a.connect("alice");
            TestClient bob = b.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            shared.lose();
            ok(alice.emit("message:send", msg("from-a")));
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.received("message:new").size() == 1);
            ok(bob.emit("message:send", msg("from-b")));
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.received("message:new").size() == 2);

            assertThat(alice.received("history:reset")).hasSize(1);
            assertThat(bob.received("history:reset")).hasSize(1);
            List<String> seenByBob = bob.received().stream().map(e -> e.name())
                    .filter(n -> n.equals("history:reset") || n.equals("message:new")).toList();
            assertThat(seenByBob).containsExactly("history:reset", "message:new", "message:new");
        }
    }
}
