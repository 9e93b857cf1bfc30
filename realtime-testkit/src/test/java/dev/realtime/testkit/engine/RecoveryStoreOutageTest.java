package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.spi.recovery.AcceptedMessage;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recovery store that cannot be reached costs resend recognition, never the sends themselves. */
class RecoveryStoreOutageTest {
    /** Every call fails as an unreachable shared store's would. */
    private static class UnreachableStore implements RecoveryStore {
        private static RealtimeException down() {
            return new RealtimeException(ErrorCode.UNAVAILABLE, "store unreachable");
        }

        @Override
        public String name() {
            return "unreachable";
        }

        @Override
        public void park(String pid, ParkedSession session, Duration ttl) {
            throw down();
        }

        @Override
        public ParkedSession take(String pid) {
            throw down();
        }

        @Override
        public AcceptedMessage claim(SentMessageKey key, Duration ttl) {
            throw down();
        }

        @Override
        public void accepted(SentMessageKey key, AcceptedMessage answer, Duration ttl) {
            throw down();
        }

        @Override
        public void release(SentMessageKey key) {
            throw down();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void sendsWithAClientMessageIdAreAcceptedWhileTheStoreIsDown() {
        try (TestNode node = TestNode.start(o -> { }, b -> b.recoveryStore(new UnreachableStore()))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            Map<String, Object> message = Map.of("roomName", "general", "content", "hi", "clientMessageId", "c-1");

            JsonNode first = ok(alice.emit("message:send", message));
            alice.disconnect();
            TestClient again = node.connect("alice");
            ok(again.emit("room:join", room("general")));
            JsonNode resent = ok(again.emit("message:send", message));

            assertThat(first.has("duplicate")).isFalse();
            assertThat(resent.has("duplicate")).as("not recognised without the store").isFalse();
            assertThat(resent.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
        }
    }

    @Test
    void aResendWhileTheFirstSendIsStillPendingElsewhereIsRefusedAsUnavailable() {
        RecoveryStore firstStillPending = new UnreachableStore() {
            @Override
            public AcceptedMessage claim(SentMessageKey key, Duration ttl) {
                return AcceptedMessage.pending();
            }
        };
        try (TestNode node = TestNode.start(o -> { }, b -> b.recoveryStore(firstStillPending))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            JsonNode refused = alice.emit("message:send",
                    Map.of("roomName", "general", "content", "hi", "clientMessageId", "c-1"));

            assertThat(Acks.code(refused)).isEqualTo("UNAVAILABLE");
            assertThat(alice.received("message:new")).isEmpty();
        }
    }
}
