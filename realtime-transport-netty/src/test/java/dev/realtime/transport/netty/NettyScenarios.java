package dev.realtime.transport.netty;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.testkit.node.SocketIoScenarios;
import java.util.function.Consumer;

/**
 * The protocol scenarios against the real engine on the Netty transport; each subclass picks the client
 * transports ({@link PollingScenariosIT}, {@link WebSocketScenariosIT}, {@link UpgradeScenariosIT}), so every
 * event and refusal is covered the same way over each.
 */
abstract class NettyScenarios extends SocketIoScenarios {
    @Override
    protected Server startServer(Consumer<RealtimeOptions.Builder> options, Tuning tuning,
                                 Consumer<Realtime.Builder> extra) {
        return new NettyServerHarness(options, n -> {
            if (tuning.maxPayloadBytes() != null) {
                n.maxPayloadBytes(tuning.maxPayloadBytes());
            }
            if (tuning.pingInterval() != null) {
                n.pingInterval(tuning.pingInterval());
            }
            if (tuning.pingTimeout() != null) {
                n.pingTimeout(tuning.pingTimeout());
            }
        }, extra);
    }
}
