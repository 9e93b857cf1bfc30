package dev.realtime.examples.minimal;

import dev.realtime.core.Realtime;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.model.Room;
import dev.realtime.transport.ws.WebSocketTransport;
import dev.realtime.transport.ws.WsTransportOptions;

/** The smallest useful node: JWT-verified clients chat in room {@code general} over WebSocket. */
public final class MinimalServer {
    private MinimalServer() {
    }

    /** Builds and starts a node on {@code transport}; the caller closes it. */
    public static Realtime start(WebSocketTransport transport, String jwtSecret) {
        Realtime realtime = Realtime.builder()
                .jwt(JwtOptions.hmac(jwtSecret))
                .transport(transport)
                .room(Room.builder("general").build())
                .build();
        realtime.start();
        return realtime;
    }

    public static void main(String[] args) {
        WebSocketTransport ws = WebSocketTransport.create(WsTransportOptions.builder().port(3101).build());
        Realtime realtime = start(ws, System.getenv("REALTIME_JWT_SECRET"));
        Runtime.getRuntime().addShutdownHook(new Thread(realtime::close));
    }
}
