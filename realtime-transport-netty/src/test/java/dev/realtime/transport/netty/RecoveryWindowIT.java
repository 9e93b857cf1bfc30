package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.HistoryOptions;
import dev.realtime.core.Message;
import dev.realtime.core.model.Room;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import dev.realtime.testkit.node.SocketIoDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client away longer than the recovery window (2 s here) on a node whose history is PostgreSQL: an unmodified
 * socket.io-client reconnects with {@code socket.recovered === false}, and a {@code /ws} client's {@code since}
 * gets {@code recovered: false, reason: TOO_OLD}; both page the whole gap, in order, with {@code room:history}
 * from the database. Needs PostgreSQL on 127.0.0.1:5432 (user postgres; {@code -Drealtime.test.postgres=host:port}
 * for another); a database of its own is created and dropped.
 */
class RecoveryWindowIT {
    private static final String SERVER = System.getProperty("realtime.test.postgres", "127.0.0.1:5432");
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int MISSED = 250;
    /** Reconnects by itself 5 s after the drop: longer than the window. */
    private static final Map<String, Object> RECONNECTING = Map.of("transports", List.of("websocket"),
            "reconnection", true, "reconnectionDelay", 5000, "reconnectionDelayMax", 5000,
            "randomizationFactor", 0);

    private static SocketIoDriver driver;
    private final String database = "realtime_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private NettyServerHarness server;
    private SwitchableTcpProxy proxy;

    @BeforeAll
    static void startDriver() {
        driver = new SocketIoDriver();
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void start() {
        driver.clear();
        sql("CREATE DATABASE " + database);
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.builder(
                "postgresql://postgres@" + SERVER + "/" + database).poolSize(4).build());
        server = new NettyServerHarness(o -> { }, n -> { }, b -> b.store(store).history(store::history)
                .historyOptions(HistoryOptions.builder().recoveryWindow(WINDOW).build()));
        server.realtime.rooms().create(Room.builder("general").build());
        proxy = new SwitchableTcpProxy(server.transport.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
        sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void sql(String statement) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/test?user=postgres"); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    private void sendMissed() {
        for (int i = 1; i <= MISSED; i++) {
            server.realtime.send("general", "bob", Message.of("m" + i));
        }
    }

    @Test
    void aSocketAwayLongerThanTheWindowStartsAfreshAndPagesTheGap() {
        driver.connect("a", proxy.url(), Map.of("token", server.tokens.valid("alice")), RECONNECTING);
        JsonNode joined = driver.emitWithAck("a", "room:join", Map.of("roomName", "general"));
        server.realtime.send("general", "bob", Message.of("before"));
        long lastSeen = driver.awaitEvent("a", "message:new").path("seq").asLong();

        proxy.cutAndSwitchTo(server.transport.port());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.realtime.connectionCount() == 0);
        sendMissed();

        await().atMost(Duration.ofSeconds(20)).until(() -> driver.messages("a", "connect").size() == 2);
        assertThat(driver.messages("a", "connect").get(1).path("recovered").asBoolean()).isFalse();
        assertThat(driver.events("a", "message:new")).hasSize(1);
        JsonNode rejoined = driver.emitWithAck("a", "room:join", Map.of("roomName", "general"));
        assertThat(rejoined.path("data").path("epoch").asText())
                .isEqualTo(joined.path("data").path("epoch").asText());

        List<String> gap = new ArrayList<>();
        long after = lastSeen;
        while (true) {
            JsonNode page = driver.emitWithAck("a", "room:history",
                    Map.of("roomName", "general", "after", after, "limit", 100)).path("data");
            page.path("messages").forEach(m -> gap.add(m.path("content").asText()));
            if (page.path("messages").size() < 100) {
                break;
            }
            after = page.path("messages").get(99).path("seq").asLong();
        }
        assertThat(gap).isEqualTo(IntStream.rangeClosed(1, MISSED).mapToObj(i -> "m" + i).toList());
    }

    @Test
    void aWsClientAwayLongerThanTheWindowIsToldTooOldAndPagesTheGap() throws Exception {
        long lastSeen;
        String epoch;
        try (WsJsonClient first = WsJsonClient.connect(server.transport.port(), server.tokens.valid("alice"))) {
            epoch = first.ok("room:join", Map.of("roomName", "general")).path("epoch").asText();
            server.realtime.send("general", "bob", Message.of("before"));
            lastSeen = first.next("event", "message:new").path("data").path("seq").asLong();
        }
        sendMissed();
        // Away past the window: the first missed message is older than it.
        long sentAt = System.nanoTime();
        await().atMost(WINDOW.multipliedBy(3)).until(() -> System.nanoTime() - sentAt > WINDOW.toNanos());

        try (WsJsonClient again = WsJsonClient.connect(server.transport.port(), server.tokens.valid("alice"))) {
            JsonNode ack = again.ok("room:join", Map.of("roomName", "general",
                    "since", Map.of("offset", lastSeen, "epoch", epoch)));
            assertThat(ack.path("recovered").asBoolean()).isFalse();
            assertThat(ack.path("reason").asText()).isEqualTo("TOO_OLD");
            assertThat(ack.path("messages")).isEmpty();

            List<Long> gap = new ArrayList<>();
            long after = lastSeen;
            while (gap.size() < MISSED) {
                JsonNode page = again.ok("room:history", Map.of("roomName", "general", "after", after, "limit", 100));
                assertThat(page.path("messages")).as("page after %d", after).isNotEmpty();
                page.path("messages").forEach(m -> gap.add(m.path("seq").asLong()));
                after = gap.get(gap.size() - 1);
            }
            assertThat(gap).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, MISSED).mapToObj(i -> lastSeen + i).map(Long::valueOf).toList());
        }
    }
}
