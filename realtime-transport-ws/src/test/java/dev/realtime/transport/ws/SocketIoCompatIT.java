package dev.realtime.transport.ws;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.testkit.node.SocketIoScenarios;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The protocol scenarios with an unmodified socket.io-client 4.x against the real engine on the Java-WebSocket
 * transport, which serves WebSocket only (this module's driver script always connects with
 * {@code transports: ["websocket"]}).
 */
class SocketIoCompatIT extends SocketIoScenarios {
    @Override
    protected Server startServer(Consumer<RealtimeOptions.Builder> options, Tuning tuning,
                                 Consumer<Realtime.Builder> extra) {
        return new ServerHarness(options, w -> {
            if (tuning.maxPayloadBytes() != null) {
                w.maxPayloadBytes(tuning.maxPayloadBytes());
            }
            if (tuning.pingInterval() != null) {
                w.pingInterval(tuning.pingInterval());
            }
            if (tuning.pingTimeout() != null) {
                w.pingTimeout(tuning.pingTimeout());
            }
        }, extra);
    }

    @Override
    protected Map<String, Object> clientOptions() {
        return Map.of();
    }
}
