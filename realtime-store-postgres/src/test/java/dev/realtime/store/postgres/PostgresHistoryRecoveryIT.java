package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one PostgreSQL history: room offsets are unique across them, a client recovers on the other node,
 * and a client away longer than the recovery window is told so and pages the gap from the database.
 */
class PostgresHistoryRecoveryIT {
    private static final Authenticator USERS = credentials -> Principal.user(credentials.token(), credentials.token());

    private final ManualClock clock = new ManualClock();
    private final InMemoryBusHub hub = new InMemoryBusHub();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        database.close();
    }

    private InProcessTransport node(String nodeId) {
        PostgresStore store = PostgresStore.open(database.options().build());
        InProcessTransport transport = new InProcessTransport();
        Realtime realtime = Realtime.builder()
                .options(RealtimeOptions.builder().nodeId(nodeId).messageRatePerSecond(1000)
                        .flushInterval(Duration.ofMillis(5)).build())
                .clock(clock).store(store).bus(hub.newNode()).authenticator(USERS).transport(transport)
                .history(store::history).room(Room.builder("general").build()).build();
        realtime.start();
        closing.add(realtime);
        return transport;
    }

    private static JsonNode ok(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isTrue();
        return ack.path("data");
    }

    private static JsonNode join(TestClient c, Object since) {
        return ok(c.emit("room:join", since == null ? Map.of("roomName", "general")
                : Map.of("roomName", "general", "since", since)));
    }

    private static long send(TestClient c, String content) {
        return ok(c.emit("message:send", Map.of("roomName", "general", "content", content))).path("seq").asLong();
    }

    private static List<Long> seqs(JsonNode messages) {
        List<Long> seqs = new ArrayList<>();
        messages.forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    @Test
    void offsetsAreSharedByTheNodesAndAClientRecoversOnTheOtherNode() {
        InProcessTransport a = node("node-a");
        InProcessTransport b = node("node-b");
        TestClient onA = a.connect("alice");
        TestClient onB = b.connect("bob");
        JsonNode joined = join(onA, null);
        join(onB, null);

        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            offsets.add(send(i % 2 == 0 ? onA : onB, "m" + i));
        }
        onA.disconnect();
        for (int i = 10; i < 20; i++) {
            offsets.add(send(onB, "m" + i));
        }
        JsonNode ack = join(b.connect("alice"), Map.of("offset", 10, "epoch", joined.path("epoch").asText()));

        assertThat(offsets).isEqualTo(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(ack.path("recovered").asBoolean()).isTrue();
        assertThat(seqs(ack.path("messages"))).isEqualTo(LongStream.rangeClosed(11, 20).boxed().toList());
        assertThat(ack.path("messages").get(0).path("content").asText()).isEqualTo("m10");
    }

    @Test
    void aClientAwayLongerThanTheWindowIsToldAndPagesTheGapFromTheDatabase() {
        InProcessTransport a = node("node-a");
        TestClient bob = a.connect("bob");
        String epoch = join(bob, null).path("epoch").asText();
        for (int i = 1; i <= 30; i++) {
            send(bob, "m" + i);
        }
        clock.advance(Duration.ofMinutes(10));
        send(bob, "m31");

        TestClient alice = a.connect("alice");
        JsonNode ack = join(alice, Map.of("offset", 5, "epoch", epoch));
        JsonNode firstPage = ok(alice.emit("room:history", Map.of("roomName", "general", "after", 5, "limit", 20)));
        JsonNode secondPage = ok(alice.emit("room:history", Map.of("roomName", "general", "after", 25, "limit", 20)));

        assertThat(ack.path("recovered").asBoolean()).isFalse();
        assertThat(ack.path("reason").asText()).isEqualTo("TOO_OLD");
        assertThat(seqs(firstPage.path("messages"))).isEqualTo(LongStream.rangeClosed(6, 25).boxed().toList());
        assertThat(seqs(secondPage.path("messages"))).isEqualTo(LongStream.rangeClosed(26, 31).boxed().toList());
        assertThat(database.queryLong("SELECT count(*) FROM realtime_messages")).isEqualTo(31);
    }
}
