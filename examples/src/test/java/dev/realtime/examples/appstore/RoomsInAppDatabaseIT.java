package dev.realtime.examples.appstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.Realtime;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rooms land in the application's tables, the event log in PostgreSQL's {@code realtime_events}. */
class RoomsInAppDatabaseIT {
    private ExampleDatabase database;
    private AppRoomStore rooms;
    private Realtime realtime;
    private final InProcessTransport transport = new InProcessTransport();

    @BeforeEach
    void start() {
        database = ExampleDatabase.create();
        rooms = new AppRoomStore(database.jdbcUrl(), "app").createTables();
        realtime = RoomsInAppDatabase.build(rooms, database.jdbcUrl(), FakeAuthenticator.INSTANCE, transport);
        realtime.start();
    }

    @AfterEach
    void stop() {
        if (realtime != null) {
            realtime.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void roomsGoToTheApplicationsTablesAndEventsToThePostgresLog() {
        realtime.rooms().create(Room.builder("general").build());
        TestClient alice = transport.connect(FakeAuthenticator.token("alice"));
        alice.emit("room:join", Map.of("roomName", "general"));
        alice.emit("message:send", Map.of("roomName", "general", "content", "hello"));

        assertThat(rooms.findRoom("general")).isPresent();
        try (PostgresStore log = PostgresStore.open(PostgresStoreOptions.builder(database.jdbcUrl()).build())) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    log.recentEvents(new EventQuery(10, EventType.MESSAGE, "general"))).hasSize(1));
            assertThat(log.loadRooms()).as("the PostgreSQL store keeps no rooms here").isEmpty();
        }
        assertThat(realtime.health().store().name()).isEqualTo(
                "rooms=AppRoomStore,connections=memory,presence=memory,eventLog=postgres");
    }

    @Test
    void aRestartedNodeLoadsItsRoomsAndMembersFromTheApplication() {
        realtime.rooms().create(Room.builder("team").build());
        realtime.rooms().addMember("team", "alice", MemberRole.ADMIN);
        realtime.close();

        realtime = RoomsInAppDatabase.build(rooms, database.jdbcUrl(), FakeAuthenticator.INSTANCE,
                new InProcessTransport());
        realtime.start();

        assertThat(realtime.rooms().members("team")).singleElement()
                .satisfies(m -> assertThat(m.userId()).isEqualTo("alice"));
    }
}
