package dev.realtime.standalone.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with {@code DATABASE_URL} runs on the PostgreSQL store: schema applied, rooms persisted. */
class ServeWithDatabaseIT {
    private static final String SECRET = "serve-db-it-secret-0123456789abcdef0123";

    @TempDir
    Path workDir;
    private CliDatabase database;
    private Process server;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = CliDatabase.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        database.close();
    }

    @Test
    void roomsConfiguredAtStartUpLandInTheDatabaseAndTheCommandsSeeThem() throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", database.url());
        server = launch(Map.of("DATABASE_URL", database.url(), "REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "lobby,news"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> output.stream().anyMatch(line -> line.contains("realtime ready")));

        // The server applied the schema itself (no init) and writes rooms in the background.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JarRun rooms = JarRun.of(env, "rooms", "--json");
            assertThat(rooms.exitCode()).as(rooms.err()).isZero();
            JsonNode list = Json.reader().readTree(rooms.out());
            assertThat(list).extracting(r -> r.get("name").asText()).containsExactly("lobby", "news");
        });
        assertThat(JarRun.of(env, "init", "--json").out()).contains("\"schemaVersion\" : 4");
    }

    private Process launch(Map<String, String> env) throws Exception {
        String jar = System.getProperty("realtime.jar");
        assertThat(jar).as("system property realtime.jar").isNotNull();
        assertThat(Files.isRegularFile(Path.of(jar))).as("the jar is built by mvn package").isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar, "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("REALTIME_") || k.equals("DATABASE_URL")
                || k.startsWith("LOG_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "serve-output");
        pump.setDaemon(true);
        pump.start();
        return p;
    }
}
