package dev.realtime.standalone.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.TransportKind;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The database commands, run through the jar's main against a real PostgreSQL, in the order an operator would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbCommandsIT {
    private static CliDatabase database;
    private static Map<String, String> env;

    @BeforeAll
    static void createDatabase() {
        database = CliDatabase.create();
        env = Map.of("DATABASE_URL", database.url());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    @Order(1)
    void commandsBeforeInitSayWhatToDo() {
        JarRun run = JarRun.of(env, "rooms");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).contains("init").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    @Order(2)
    void initAppliesTheSchemaAndIsRepeatable() throws Exception {
        JarRun first = JarRun.of(env, "init");
        JarRun second = JarRun.of(env, "init", "--json");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("version 4");
        assertThat(second.exitCode()).isZero();
        assertThat(json(second).get("schemaVersion").asInt()).isEqualTo(4);
    }

    @Test
    @Order(3)
    void createRoomsAndListThem() throws Exception {
        assertThat(JarRun.of(env, "create-room", "general").exitCode()).isZero();
        JarRun secret = JarRun.of(env, "create-room", "staff", "--type", "group", "--visibility", "secret",
                "--max-members", "5", "--json");
        JarRun again = JarRun.of(env, "create-room", "general");

        assertThat(json(secret).get("visibility").asText()).isEqualTo("secret");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already exists");
        JsonNode rooms = json(JarRun.of(env, "rooms", "--json"));
        assertThat(rooms).extracting(r -> r.get("name").asText()).containsExactly("general", "staff");
        assertThat(rooms.get(1).get("maxMembers").asInt()).isEqualTo(5);
        assertThat(JarRun.of(env, "rooms").out()).contains("NAME").contains("general").contains("staff");
    }

    @Test
    @Order(4)
    void addAndRemoveMembers() throws Exception {
        assertThat(JarRun.of(env, "add-member", "general", "alice", "--role", "admin").exitCode()).isZero();
        assertThat(JarRun.of(env, "add-member", "general", "bob").exitCode()).isZero();
        JarRun badRole = JarRun.of(env, "add-member", "general", "carol", "--role", "king");
        JarRun noRoom = JarRun.of(env, "add-member", "nowhere", "alice");

        assertThat(badRole.exitCode()).isNotZero();
        assertThat(badRole.err()).contains("--role must be one of");
        assertThat(noRoom.exitCode()).isNotZero();
        assertThat(noRoom.err()).contains("no room named nowhere");

        JsonNode info = json(JarRun.of(env, "room-info", "general", "--json"));
        assertThat(info.get("memberCount").asInt()).isEqualTo(2);
        assertThat(info.get("members")).extracting(m -> m.get("userId").asText() + ":" + m.get("role").asText())
                .containsExactly("alice:admin", "bob:member");
        assertThat(JarRun.of(env, "room-info", "general").out()).contains("alice").contains("admin");

        assertThat(JarRun.of(env, "remove-member", "general", "bob").exitCode()).isZero();
        JarRun notMember = JarRun.of(env, "remove-member", "general", "bob");
        assertThat(notMember.exitCode()).isNotZero();
        assertThat(notMember.err()).contains("not a member");
    }

    @Test
    @Order(5)
    void statsConnectionsAndEventsShowWhatNodesWrote() throws Exception {
        try (PostgresStore node = PostgresStore.open(PostgresStoreOptions.builder(database.url())
                .maintenanceInterval(Duration.ZERO).build())) {
            Instant now = Instant.now();
            node.saveConnections(List.of(new ConnectionInfo("sock-1", "alice", "s1", false, TransportKind.SOCKET_IO,
                    "node-a", "203.0.113.9", "test", Map.of(), now, 12, null)));
            node.appendEvents(List.of(
                    new EventLogEntry(UUID.randomUUID(), EventType.CONNECT, "sock-1", "alice", null, null, null, now),
                    new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, "sock-1", "alice", "general",
                            Json.object().put("content", "hi"), null, now.plusSeconds(1))));
        }

        JsonNode stats = json(JarRun.of(env, "stats", "--json"));
        assertThat(stats.get("rooms").asInt()).isEqualTo(2);
        assertThat(stats.get("memberships").asInt()).isEqualTo(1);
        assertThat(stats.get("openConnections").asInt()).isEqualTo(1);
        assertThat(stats.get("events").asInt()).isEqualTo(2);
        assertThat(JarRun.of(env, "stats").out()).contains("open connections");

        JsonNode connections = json(JarRun.of(env, "connections", "--json"));
        assertThat(connections).extracting(c -> c.get("id").asText() + "@" + c.get("nodeId").asText())
                .containsExactly("sock-1@node-a");
        assertThat(JarRun.of(env, "connections").out()).contains("sock-1").contains("alice");

        JsonNode messages = json(JarRun.of(env, "events", "-n", "5", "--type", "message", "--json"));
        assertThat(messages).extracting(e -> e.get("payload").get("content").asText()).containsExactly("hi");
        assertThat(json(JarRun.of(env, "events", "--json"))).hasSize(2);
        assertThat(JarRun.of(env, "events", "-n", "1").out()).contains("message").doesNotContain("connect ");
        JarRun badType = JarRun.of(env, "events", "--type", "nonsense");
        assertThat(badType.exitCode()).isNotZero();
        assertThat(badType.err()).contains("--type must be one of");
    }

    @Test
    @Order(6)
    void deleteRoomAndUnknownRooms() {
        assertThat(JarRun.of(env, "delete-room", "staff").exitCode()).isZero();
        JarRun gone = JarRun.of(env, "delete-room", "staff");
        JarRun info = JarRun.of(env, "room-info", "staff");

        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err().strip()).endsWith("no room named staff");
        assertThat(info.exitCode()).isNotZero();
        assertThat(info.err()).contains("no room named staff");
    }

    @Test
    @Order(7)
    void missingDatabaseUrlIsOneClearLine() {
        JarRun run = JarRun.of(Map.of(), "stats");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).contains("DATABASE_URL is not set").doesNotContain("\n");
    }

    @Test
    @Order(8)
    void anUnreachableDatabaseIsOneClearLineWithoutThePassword() {
        JarRun run = JarRun.of(Map.of("DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:1/db"), "rooms");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).contains("not reachable").doesNotContain("hunter2").doesNotContain("\n");
    }

    private static JsonNode json(JarRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.reader().readTree(run.out());
    }
}
