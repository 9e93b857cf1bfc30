package dev.realtime.examples.embedded;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.model.Room;
import dev.realtime.transport.ws.WebSocketTransport;
import dev.realtime.transport.ws.WsTransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Embedding the library in a plain Java application: a WebSocket server (Socket.IO and plain JSON) with JWT
 * authentication, two rooms and a custom join rule. Run it with
 * {@code java -cp ... dev.realtime.examples.embedded.EmbeddedChatServer} and connect with
 * {@code io("http://localhost:3101", { transports: ["websocket"], auth: { token } })}.
 */
public final class EmbeddedChatServer {
    private EmbeddedChatServer() {
    }

    /**
     * Builds and starts a node; the caller closes it.
     *
     * @param port      WebSocket port (0 picks a free one)
     * @param jwtSecret HS256 secret shared with whatever issues the tokens (at least 32 bytes)
     * @param teams     the application's team directory consulted on joins
     */
    public static Started start(int port, String jwtSecret, TeamDirectory teams) {
        WebSocketTransport transport = WebSocketTransport.create(WsTransportOptions.builder()
                .host("127.0.0.1").port(port).allowedOrigins(List.of("*")).build());
        Realtime realtime = Realtime.builder()
                .options(RealtimeOptions.builder().typingTimeout(Duration.ofSeconds(3)).build())
                .jwt(JwtOptions.hmac(jwtSecret))
                .joinAuthorizer(new TeamRoomAuthorizer(teams))
                .transport(transport)
                .room(Room.builder("general").build())
                .room(Room.builder(TeamRoomAuthorizer.TEAM_PREFIX + "core").build())
                .build();
        realtime.start();
        return new Started(realtime, transport.port());
    }

    /**
     * A running node and its bound port.
     *
     * @param realtime the node (close it to stop)
     * @param port     the WebSocket port
     */
    public record Started(Realtime realtime, int port) {
    }

    public static void main(String[] args) throws InterruptedException {
        String secret = System.getenv().getOrDefault("REALTIME_JWT_SECRET", "change-me-to-32-or-more-random-bytes!!");
        TeamDirectory teams = new TeamDirectory();
        teams.setMembers("core", Set.of("alice"));
        Started node = start(3101, secret, teams);
        JwtIssuer issuer = new JwtIssuer(secret);
        System.out.println("listening on ws://127.0.0.1:" + node.port() + " (Socket.IO) and /ws (plain JSON)");
        System.out.println("token for alice (may join team:core): " + issuer.issue("alice", Duration.ofHours(1)));
        System.out.println("token for bob   (may not):            " + issuer.issue("bob", Duration.ofHours(1)));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.realtime().close();
            stop.countDown();
        }));
        stop.await();
    }
}
