package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolMiscTest {

    @Test
    void pingIsAnsweredWithPongEchoingTheTimestamp() {
        try (TestNode node = TestNode.start()) {
            TestClient a = node.connect("a");
            JsonNode data = ok(a.emit("ping", Map.of("timestamp", 12345)));

            assertThat(data.path("timestamp").asLong()).isEqualTo(12345);
            assertThat(data.path("serverTime").asLong()).isEqualTo(node.clock.millis());
            assertThat(a.last("pong").orElseThrow().path("timestamp").asLong()).isEqualTo(12345);

            a.send("ping", null);
            assertThat(a.received("pong")).hasSize(2);
            assertThat(a.received("pong").get(1).path("timestamp").isNull()).isTrue();
        }
    }

    @Test
    void unknownEventsAreRefused() {
        try (TestNode node = TestNode.start()) {
            TestClient a = node.connect("a");
            assertThat(code(a.emit("room:explode", Map.of()))).isEqualTo("UNKNOWN_EVENT");
            a.send("nonsense", null);
            assertThat(a.last("error").orElseThrow().path("code").asText()).isEqualTo("UNKNOWN_EVENT");
        }
    }

    @Test
    void aFloodIsRateLimitedAndTheBudgetRefills() {
        try (TestNode node = TestNode.start(o -> o.messageRatePerSecond(5))) {
            TestClient a = node.connect("a");
            for (int i = 0; i < 5; i++) {
                ok(a.emit("ping", Map.of()));
            }
            assertThat(code(a.emit("ping", Map.of()))).isEqualTo("RATE_LIMITED");

            node.clock.advance(Duration.ofSeconds(1));
            ok(a.emit("ping", Map.of()));
        }
    }

    @Test
    void theBudgetKeepsRefillingWhenTheWallClockStepsBack() {
        try (TestNode node = TestNode.start(o -> o.messageRatePerSecond(5))) {
            TestClient a = node.connect("a");
            for (int i = 0; i < 5; i++) {
                ok(a.emit("ping", Map.of()));
            }
            assertThat(code(a.emit("ping", Map.of()))).isEqualTo("RATE_LIMITED");

            node.clock.stepWallClock(Duration.ofHours(-1));
            node.clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 5; i++) {
                ok(a.emit("ping", Map.of()));
            }
        }
    }

    @Test
    void aHandlerBugIsContainedAsInternalError() {
        try (TestNode node = TestNode.start(o -> { }, b -> b.joinAuthorizer((c, r, m) -> {
            throw new IllegalStateException("bug in host code");
        }))) {
            node.createRoom("general");
            TestClient a = node.connect("a");
            JsonNode ack = a.emit("room:join", Acks.room("general"));
            assertThat(code(ack)).isEqualTo("INTERNAL_ERROR");
            assertThat(ack.path("error").path("message").asText()).doesNotContain("bug in host code");
            ok(a.emit("ping", Map.of()));
        }
    }

    @Test
    void theEventLogRecordsWhatHappenedInTheBackground() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient a = node.connect("alice");
            ok(a.emit("room:join", Acks.room("general")));
            ok(a.emit("message:send", Map.of("roomName", "general", "content", "hi")));
            code(a.emit("message:send", Map.of("roomName", "general")));
            ok(a.emit("room:leave", Acks.room("general")));
            a.disconnect();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(node.store.eventCountsByType()).containsKeys("connect", "join", "message", "error",
                            "leave", "disconnect"));
            var messages = node.store.recentEvents(new EventQuery(10, EventType.MESSAGE, null));
            assertThat(messages).singleElement().satisfies(e -> {
                assertThat(e.userId()).isEqualTo("alice");
                assertThat(e.roomName()).isEqualTo("general");
                assertThat(e.socketId()).isEqualTo(a.id());
                assertThat(e.ip()).isEqualTo("127.0.0.1");
                assertThat(e.payload().path("content").asText()).isEqualTo("hi");
            });
        }
    }

    @Test
    void theEventLogHonoursTheTypeFilterWhileListenersSeeEverything() {
        java.util.List<EventType> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestNode node = TestNode.start(o -> o.logEventTypes(java.util.Set.of(EventType.MESSAGE)),
                b -> b.listener(e -> seen.add(e.type())))) {
            node.createRoom("general");
            TestClient a = node.connect("alice");
            ok(a.emit("room:join", Acks.room("general")));
            ok(a.emit("message:send", Map.of("roomName", "general", "content", "hi")));

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(node.store.eventCountsByType()).containsOnlyKeys("message"));
            assertThat(seen).contains(EventType.CONNECT, EventType.JOIN, EventType.MESSAGE);
        }
    }

    @Test
    void healthReportsTheStoreAndBus() {
        try (TestNode node = TestNode.start()) {
            node.connect("a");
            var health = node.realtime.health();
            assertThat(health.ok()).isTrue();
            assertThat(health.connections()).isEqualTo(1);
            assertThat(health.store().name()).isEqualTo("memory");
            assertThat(health.bus().name()).isEqualTo("local");
        }
    }
}
