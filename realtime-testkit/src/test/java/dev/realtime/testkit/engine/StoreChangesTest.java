package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.core.spi.store.RoomChangeFeed;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Changes made to the store behind the engine's back (as by the CLI) reach the running engine through the feed. */
class StoreChangesTest {

    /** A store whose rows the test edits directly, reporting each edit like a database trigger would. */
    static final class FeedingStore extends ForwardingStore implements RoomChangeFeed {
        private volatile Consumer<RoomChange> listener = c -> { };

        FeedingStore(InMemoryStore store) {
            super(store);
        }

        @Override
        public Subscription subscribe(Consumer<RoomChange> value) {
            listener = value;
            return () -> listener = c -> { };
        }

        void externally(Runnable edit, String room, String user) {
            edit.run();
            listener.accept(new RoomChange(room, user));
        }
    }

    @Test
    void roomsAndMembershipsChangedElsewhereReachTheRunningEngine() {
        InMemoryStore rows = new InMemoryStore();
        FeedingStore store = new FeedingStore(rows);
        try (TestNode node = TestNode.start(o -> { }, b -> b.store(store))) {
            TestClient alice = node.connect("alice");
            Instant now = Instant.now();

            store.externally(() -> rows.saveRoom(Room.builder("staff").visibility(RoomVisibility.PRIVATE).build()),
                    "staff", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.realtime.rooms().get("staff").isPresent());
            assertThat(code(alice.emit("room:join", room("staff")))).isEqualTo("FORBIDDEN");

            store.externally(() -> rows.saveMembership(new Membership("staff", "alice", MemberRole.MEMBER, false, false,
                    now, null)), "staff", "alice");
            await().atMost(Duration.ofSeconds(10)).until(() -> !node.realtime.rooms().members("staff").isEmpty());
            ok(alice.emit("room:join", room("staff")));

            store.externally(() -> rows.saveMembership(new Membership("staff", "alice", MemberRole.MEMBER, false, true,
                    now, null)), "staff", "alice");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.realtime.rooms().onlineCount("staff") == 0);
            assertThat(code(alice.emit("room:join", room("staff")))).isEqualTo("FORBIDDEN");

            store.externally(() -> rows.deleteRoom("staff"), "staff", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.realtime.rooms().get("staff").isEmpty());
        }
    }
}
