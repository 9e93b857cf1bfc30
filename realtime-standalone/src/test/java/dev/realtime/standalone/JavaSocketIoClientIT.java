package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.parser.Packet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The unmodified Java Socket.IO client ({@code io.socket:socket.io-client} 2.1.x) with its default transports
 * (long-polling, then the upgrade to WebSocket) against the standalone server on its default transport.
 */
class JavaSocketIoClientIT {
    private static final String SECRET = "java-client-it-secret-0123456789abcdef";

    private RealtimeServer server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private void start() {
        ServerConfig config = ConfigLoader.load(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general"));
        server = RealtimeServer.start(config);
    }

    @AfterEach
    void stop() {
        clients.forEach(Socket::close);
        if (server != null) {
            server.close();
        }
    }

    /** A client with the library's default options plus {@code auth: {token}}. */
    private Socket client(String user, List<String> transports) {
        IO.Options options = IO.Options.builder()
                .setAuth(Map.of("token", new JwtIssuer(SECRET).issue(user, Duration.ofMinutes(5))))
                .build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        socket.io().on(Manager.EVENT_TRANSPORT, args -> transports.add(((Transport) args[0]).name));
        clients.add(socket);
        return socket;
    }

    private static JSONObject request(Socket socket, String event, Map<String, Object> data) throws Exception {
        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit(event, new JSONObject(data), (Ack) args -> ack.complete((JSONObject) args[0]));
        return ack.get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectsWithDefaultTransportsJoinsSendsAndReceives() throws Exception {
        start();
        List<String> aliceTransports = new CopyOnWriteArrayList<>();
        Socket alice = client("alice", aliceTransports);
        Socket bob = client("bob", new CopyOnWriteArrayList<>());
        CompletableFuture<JSONObject> received = new CompletableFuture<>();
        alice.on("message:new", args -> received.complete((JSONObject) args[0]));
        alice.connect();
        bob.connect();
        await().atMost(Duration.ofSeconds(15)).until(() -> alice.connected() && bob.connected());
        assertThat(aliceTransports).as("the client starts with long-polling").first().isEqualTo("polling");

        assertThat(request(alice, "room:join", Map.of("roomName", "general")).getBoolean("success")).isTrue();
        assertThat(request(bob, "room:join", Map.of("roomName", "general")).getBoolean("success")).isTrue();
        JSONObject sent = request(bob, "message:send", Map.of("roomName", "general", "content", "hi from java"));
        assertThat(sent.getBoolean("success")).isTrue();
        JSONObject message = received.get(10, TimeUnit.SECONDS);
        assertThat(message.getString("content")).isEqualTo("hi from java");
        assertThat(message.getString("userId")).isEqualTo("bob");
        // the client upgrades to WebSocket once the probe succeeds
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceTransports.contains("websocket"));
        assertThat(request(alice, "message:send", Map.of("roomName", "general", "content", "after upgrade"))
                .getBoolean("success")).isTrue();
    }

    @Test
    void aGracefulServerStopIsNoticedWithinSecondsAndLeavesTheClientReconnecting() throws Exception {
        start();
        List<String> transports = new CopyOnWriteArrayList<>();
        Socket alice = client("alice", transports);
        CompletableFuture<String> disconnected = new CompletableFuture<>();
        alice.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(String.valueOf(args[0])));
        alice.connect();
        await().atMost(Duration.ofSeconds(15)).until(alice::connected);
        // the case that took 85 s: a client on WebSocket, whose OkHttp socket stops reading at a close frame
        await().atMost(Duration.ofSeconds(15)).until(() -> transports.contains("websocket"));
        assertThat(request(alice, "room:join", Map.of("roomName", "general")).getBoolean("success")).isTrue();

        long stopped = System.nanoTime();
        server.close();
        server = null;
        String reason = disconnected.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(10));
        // "io server disconnect" would stop the client's automatic reconnection; a restart must not do that
        assertThat(reason).isNotEqualTo("io server disconnect");
    }

    @Test
    void aGracefulServerStopDuringTheUpgradeProbeIsNoticedWithinSeconds() throws Exception {
        start();
        Socket alice = client("alice", new CopyOnWriteArrayList<>());
        CompletableFuture<String> disconnected = new CompletableFuture<>();
        alice.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(String.valueOf(args[0])));
        CompletableFuture<Long> stopped = new CompletableFuture<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        // the server stops as the probe WebSocket's "3probe" arrives, before the client pauses polling to switch
        alice.io().on(Manager.EVENT_TRANSPORT, args -> {
            Transport transport = (Transport) args[0];
            transport.on(Transport.EVENT_PACKET, packet -> {
                Packet<?> p = (Packet<?>) packet[0];
                if (Packet.PONG.equals(p.type) && "probe".equals(p.data) && !stopped.isDone()) {
                    stopped.complete(System.nanoTime());
                    CompletableFuture.runAsync(server::close).whenComplete((done, failure) -> stop.complete(null));
                }
            });
        });
        alice.connect();
        long stopStarted = stopped.get(15, TimeUnit.SECONDS);
        String reason = disconnected.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofSeconds(10));
        assertThat(reason).isNotEqualTo("io server disconnect");
        stop.get(15, TimeUnit.SECONDS);
        server = null;
    }
}
