package dev.realtime.transport.netty;

import java.util.Map;

/**
 * The protocol scenarios on the Netty transport with the client's default transports (a plain {@code io(url)}:
 * long-polling, then the upgrade to WebSocket).
 */
class UpgradeScenariosIT extends NettyScenarios {
    @Override
    protected Map<String, Object> clientOptions() {
        return Map.of();
    }
}
