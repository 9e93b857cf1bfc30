package dev.realtime.transport.netty;

import java.util.List;
import java.util.Map;

/** The protocol scenarios on the Netty transport with WebSocket only ({@code transports: ["websocket"]}). */
class WebSocketScenariosIT extends NettyScenarios {
    @Override
    protected Map<String, Object> clientOptions() {
        return Map.of("transports", List.of("websocket"));
    }
}
