package dev.realtime.bench.peer;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * netty-socketio reference server for the realtime benchmark: the events of bench/peers/socketio/server.js
 * (HS256 JWT in the CONNECT auth, room:join / room:leave / message:send with acks, message:new to the room,
 * user:joined / user:left for a user's first / last connection), on netty-socketio's defaults except:
 * WebSocket transport only, no compression, the Node reference's ping interval and timeout.
 *
 * <p>Environment: BENCH_PORT (default 3201), BENCH_JWT_SECRET (required, at least 32 bytes),
 * BENCH_ROOMS (comma-separated rooms that exist), BENCH_AUTO_CREATE ("true": rooms are created on first join).
 * Memory figures come from jcmd, as for realtime.
 */
public final class NettySocketIoPeer {
    private static final Pattern ROOM_NAME = Pattern.compile("^[A-Za-z0-9_:.\\-]{1,128}$");
    private static final int MAX_CONTENT = 10_000;
    private static final String USER = "userId";

    private final SocketIOServer server;
    private final Hs256Verifier tokens;
    private final Set<String> knownRooms;
    private final boolean autoCreate;
    private final RoomUsers roomUsers = new RoomUsers();

    private NettySocketIoPeer(int port, String secret, Set<String> rooms, boolean autoCreate) {
        this.tokens = new Hs256Verifier(secret);
        this.knownRooms = rooms;
        this.autoCreate = autoCreate;
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setTransports(Transport.WEBSOCKET);
        config.setHttpCompression(false);
        config.setWebsocketCompression(false);
        config.setPingInterval(25_000);
        config.setPingTimeout(20_000);
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        config.setSocketConfig(socket);
        this.server = new SocketIOServer(config);
        wire();
    }

    public static void main(String[] args) {
        String secret = System.getenv().getOrDefault("BENCH_JWT_SECRET", "");
        int port = Integer.parseInt(System.getenv().getOrDefault("BENCH_PORT", "3201"));
        Set<String> rooms = Arrays.stream(System.getenv().getOrDefault("BENCH_ROOMS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.concurrent.ConcurrentHashMap::newKeySet));
        NettySocketIoPeer peer = new NettySocketIoPeer(port, secret, rooms,
                "true".equals(System.getenv("BENCH_AUTO_CREATE")));
        Runtime.getRuntime().addShutdownHook(new Thread(peer.server::stop));
        peer.server.start();
        System.out.println("netty-socketio reference listening on " + port);
    }

    private void wire() {
        server.getNamespace("").addAuthTokenListener(this::authenticate);
        server.addDisconnectListener(client -> {
            String user = client.get(USER);
            if (user == null) {
                return; // never authenticated
            }
            for (String room : client.getAllRooms()) {
                if (!room.isEmpty() && roomUsers.remove(room, user)) {
                    server.getRoomOperations(room).sendEvent("user:left", client, Map.of("roomName", room, USER, user));
                }
            }
        });
        server.addEventListener("room:join", Map.class, (client, data, ack) -> join(client, data, ack));
        server.addEventListener("room:leave", Map.class, (client, data, ack) -> leave(client, data, ack));
        server.addEventListener("message:send", Map.class, (client, data, ack) -> send(client, data, ack));
    }

    private AuthTokenResult authenticate(Object auth, SocketIOClient client) {
        Object token = auth instanceof Map<?, ?> map ? map.get("token") : null;
        if (!(token instanceof String text) || text.isEmpty()) {
            return new AuthTokenResult(false, Map.of("message", "Authentication required",
                    "data", Map.of("code", "AUTH_REQUIRED")));
        }
        try {
            String user = tokens.userOf(text);
            client.set(USER, user);
            greet(client, user);
            return AuthTokenResult.AuthTokenResultSuccess;
        } catch (Hs256Verifier.Refused e) {
            return new AuthTokenResult(false, Map.of("message", e.getMessage(), "data", Map.of("code", e.code)));
        }
    }

    /**
     * The connected / authenticated events of the Node reference. netty-socketio calls connect listeners when the
     * Engine.IO session opens, before the CONNECT packet carrying the token, so they go out once the token is
     * accepted; the client delivers them after its CONNECT reply.
     */
    private static void greet(SocketIOClient client, String user) {
        String sid = client.getSessionId().toString();
        client.sendEvent("connected", Map.of("socketId", sid, "serverTime", Instant.now().toString(),
                "protocolVersion", "5"));
        client.sendEvent("authenticated", Map.of(USER, user, "sessionId", sid, "rooms", new String[0]));
    }

    private void join(SocketIOClient client, Map<?, ?> data, AckRequest ack) {
        Object room = data == null ? null : data.get("roomName");
        if (!(room instanceof String name) || !ROOM_NAME.matcher(name).matches()) {
            reply(client, ack, fail("VALIDATION_ERROR", "roomName is invalid"));
            return;
        }
        if (!knownRooms.contains(name)) {
            if (!autoCreate) {
                reply(client, ack, fail("ROOM_NOT_FOUND", "Room " + name + " does not exist"));
                return;
            }
            knownRooms.add(name);
        }
        if (!client.getAllRooms().contains(name)) {
            String user = client.get(USER);
            client.joinRoom(name);
            if (roomUsers.add(name, user)) {
                server.getRoomOperations(name).sendEvent("user:joined", client, Map.of("roomName", name, USER, user));
            }
        }
        int members = server.getRoomOperations(name).getClients().size();
        reply(client, ack, ok(Map.of("roomName", name, "memberCount", members)));
    }

    private void leave(SocketIOClient client, Map<?, ?> data, AckRequest ack) {
        Object room = data == null ? null : data.get("roomName");
        if (!(room instanceof String name) || !client.getAllRooms().contains(name)) {
            reply(client, ack, fail("NOT_IN_ROOM", "Not in room"));
            return;
        }
        String user = client.get(USER);
        client.leaveRoom(name);
        if (roomUsers.remove(name, user)) {
            server.getRoomOperations(name).sendEvent("user:left", Map.of("roomName", name, USER, user));
        }
        reply(client, ack, ok(Map.of("roomName", name)));
    }

    private void send(SocketIOClient client, Map<?, ?> data, AckRequest ack) {
        Object room = data == null ? null : data.get("roomName");
        Object content = data == null ? null : data.get("content");
        if (!(room instanceof String name) || !(content instanceof String text) || text.isEmpty()) {
            reply(client, ack, fail("VALIDATION_ERROR", "roomName and content are required"));
            return;
        }
        if (text.length() > MAX_CONTENT) {
            reply(client, ack, fail("VALIDATION_ERROR", "content is too long"));
            return;
        }
        if (!client.getAllRooms().contains(name)) {
            reply(client, ack, fail("NOT_IN_ROOM", "Join the room first"));
            return;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString();
        String timestamp = Instant.now().toString();
        message.put("id", id);
        message.put("roomName", name);
        message.put(USER, client.get(USER));
        message.put("content", text);
        message.put("threadId", data.get("threadId"));
        message.put("timestamp", timestamp);
        message.put("metadata", data.get("metadata") == null ? Map.of() : data.get("metadata"));
        server.getRoomOperations(name).sendEvent("message:new", message);
        reply(client, ack, ok(Map.of("id", id, "timestamp", timestamp)));
    }

    private static Map<String, Object> ok(Object data) {
        return Map.of("success", true, "data", data);
    }

    private static Map<String, Object> fail(String code, String message) {
        return Map.of("success", false, "error", Map.of("code", code, "message", message));
    }

    /** Answers with the ack when the client asked for one, else with an error event for a failure. */
    private static void reply(SocketIOClient client, AckRequest ack, Map<String, Object> response) {
        if (ack.isAckRequested()) {
            ack.sendAckData(response);
        } else if (!Boolean.TRUE.equals(response.get("success"))) {
            client.sendEvent("error", response.get("error"));
        }
    }
}
