package dev.realtime.testkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Real {@code socket.io-client} sockets in a Node process, driven line by line: the tests connect, emit and
 * read back everything each socket received. The process runs a module's {@code src/test/js/socketio-driver.mjs}
 * with that module's {@code node_modules} (installed by its build with {@code npm ci}); a missing Node or client
 * fails the test.
 *
 * <p>Each line the script prints is one JSON message with the socket's {@code id} and a {@code type}:
 * {@code connect}, {@code connect_error}, {@code disconnect}, {@code event}, {@code ack}, and where the script
 * reports them {@code transport} (the Engine.IO transport opened) and {@code upgrade}.
 */
public final class SocketIoDriver implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    /** The driver of the module named by the system property {@code realtime.module.dir} (else the working dir). */
    public SocketIoDriver() {
        this(Path.of(System.getProperty("realtime.module.dir", ".")));
    }

    /** The driver script and client installed in {@code moduleDir}. */
    public SocketIoDriver(Path moduleDir) {
        Path dir = moduleDir.toAbsolutePath().normalize();
        Path script = dir.resolve("src/test/js/socketio-driver.mjs");
        assertThat(dir.resolve("node_modules/socket.io-client")).as("npm ci ran in " + dir).exists();
        try {
            process = new ProcessBuilder("node", script.toString()).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("node is required for the socket.io-client tests", e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLoop, "socketio-driver-reader");
        reader.setDaemon(true);
        reader.start();
        await().atMost(WAIT).until(() -> received.stream().anyMatch(m -> "ready".equals(m.path("type").asText())));
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                received.add(Json.reader().readTree(line));
            }
        } catch (IOException e) {
            // process ended
        }
    }

    private synchronized void command(Map<String, Object> command) {
        try {
            stdin.write(Json.writer().writeValueAsString(command));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects socket {@code id} with the script's default options; see {@link #connect(String, String, Map, Map)}. */
    public JsonNode connect(String id, String url, Map<String, Object> auth) {
        return connect(id, url, auth, Map.of());
    }

    /**
     * Connects socket {@code id} with socket.io-client {@code options} laid over the script's defaults and waits
     * for {@code connect} or {@code connect_error}; returns that message.
     */
    public JsonNode connect(String id, String url, Map<String, Object> auth, Map<String, Object> options) {
        command(Map.of("cmd", "connect", "id", id, "url", url, "auth", auth, "options", options));
        return awaitMessage(id, m -> m.path("type").asText().startsWith("connect"));
    }

    /** Emits without an ack. */
    public void emit(String id, String event, Object data) {
        command(Map.of("cmd", "emit", "id", id, "event", event, "data", data));
    }

    /** Emits an event carrying a binary attachment (a Socket.IO BINARY_EVENT), where the script supports it. */
    public void emitBinary(String id, String event, String attachment) {
        command(Map.of("cmd", "emit", "id", id, "event", event, "data", Map.of(), "binary", attachment));
    }

    /** Emits with an ack and returns the ack's argument. */
    public JsonNode emitWithAck(String id, String event, Object data) {
        long n = seq.incrementAndGet();
        command(Map.of("cmd", "emit", "id", id, "event", event, "data", data, "seq", n));
        JsonNode ack = awaitMessage(id, m -> "ack".equals(m.path("type").asText()) && m.path("seq").asLong() == n);
        assertThat(ack.path("error").isNull()).as("ack arrived: " + ack).isTrue();
        return ack.get("data");
    }

    /** Drops socket {@code id}'s connection as a network failure would; with reconnection on, it reconnects. */
    public void cut(String id) {
        command(Map.of("cmd", "cut", "id", id));
    }

    /** Disconnects socket {@code id} from the client side. */
    public void disconnect(String id) {
        command(Map.of("cmd", "disconnect", "id", id));
    }

    /** The first message of socket {@code id} matching {@code test}, waiting for it. */
    public JsonNode awaitMessage(String id, Predicate<JsonNode> test) {
        return await().atMost(WAIT).until(() -> find(id, test), Optional::isPresent).orElseThrow();
    }

    /** The first server event {@code name} received by {@code id} whose data matches {@code test}. */
    public JsonNode awaitEvent(String id, String name, Predicate<JsonNode> test) {
        return awaitMessage(id, m -> isEvent(m, name) && test.test(m.path("data"))).get("data");
    }

    /** The first server event {@code name} received by {@code id}. */
    public JsonNode awaitEvent(String id, String name) {
        return awaitEvent(id, name, d -> true);
    }

    /** Server events {@code name} received by {@code id} so far. */
    public List<JsonNode> events(String id, String name) {
        return received.stream().filter(m -> id.equals(m.path("id").asText()) && isEvent(m, name))
                .map(m -> m.path("data")).toList();
    }

    /** Driver messages of {@code type} (such as {@code upgrade}) reported for {@code id} so far. */
    public List<JsonNode> messages(String id, String type) {
        return received.stream().filter(m -> id.equals(m.path("id").asText()) && type.equals(m.path("type").asText()))
                .toList();
    }

    /** Forgets what was received so far, so later waits see only new messages. */
    public void clear() {
        received.removeIf(m -> !"ready".equals(m.path("type").asText()));
    }

    private Optional<JsonNode> find(String id, Predicate<JsonNode> test) {
        return received.stream().filter(m -> id.equals(m.path("id").asText())).filter(test).findFirst();
    }

    private static boolean isEvent(JsonNode m, String name) {
        return "event".equals(m.path("type").asText()) && name.equals(m.path("event").asText());
    }

    @Override
    public void close() {
        try {
            command(Map.of("cmd", "exit"));
        } catch (UncheckedIOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
