package dev.realtime.standalone.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.model.Membership;
import dev.realtime.store.postgres.DatabaseUrl;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.TestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running engine on PostgreSQL follows what the CLI (the jar's main, in another process) and plain SQL change
 * in the database, without a restart: a private room created and a member added by the CLI become joinable, a
 * ban set with SQL expels the connection, and a room deleted by the CLI disappears. (The timeout is a safety
 * net, not a measurement.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ChangeFeedEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static CliDatabase database;
    private static Map<String, String> env;

    @BeforeAll
    static void createDatabase() {
        database = CliDatabase.create();
        env = Map.of("DATABASE_URL", database.url());
        JarRun init = JarRun.of(env, "init");
        assertThat(init.exitCode()).as(init.err()).isZero();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void cliAndSqlEditsReachTheRunningEngine() {
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.builder(database.url())
                .maintenanceInterval(Duration.ZERO).build());
        InProcessTransport transport = new InProcessTransport();
        try (Realtime realtime = Realtime.builder().store(store).authenticator(FakeAuthenticator.INSTANCE)
                .transport(transport).build()) {
            realtime.start();
            TestClient alice = transport.connect("user:alice");

            cli("create-room", "staff", "--visibility", "private");
            await().atMost(WAIT).until(() -> realtime.rooms().get("staff").isPresent());
            assertThat(errorCode(alice.emit("room:join", Map.of("roomName", "staff")))).isEqualTo("FORBIDDEN");

            cli("add-member", "staff", "alice");
            await().atMost(WAIT).until(() -> realtime.rooms().members("staff").stream()
                    .map(Membership::userId).anyMatch("alice"::equals));
            JsonNode joined = alice.emit("room:join", Map.of("roomName", "staff"));
            assertThat(joined.path("success").asBoolean()).as("ack %s", joined).isTrue();
            assertThat(realtime.rooms().onlineCount("staff")).isEqualTo(1);

            sql("UPDATE realtime_room_members SET is_banned = true WHERE user_id = 'alice'");
            await().atMost(WAIT).until(() -> realtime.rooms().onlineCount("staff") == 0);
            assertThat(errorCode(alice.emit("room:join", Map.of("roomName", "staff")))).isEqualTo("FORBIDDEN");

            cli("delete-room", "staff");
            await().atMost(WAIT).until(() -> realtime.rooms().get("staff").isEmpty());
        }
    }

    private static void cli(String... args) {
        JarRun run = JarRun.of(env, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static void sql(String statement) {
        DatabaseUrl url = DatabaseUrl.parse(database.url());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    private static String errorCode(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isFalse();
        return ack.path("error").path("code").asText();
    }
}
