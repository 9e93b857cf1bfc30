package dev.realtime.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Facts about one connection. Immutable; a new copy is made when latency or the end time changes.
 *
 * @param id             connection (socket) id, unique in the cluster
 * @param userId         authenticated user, or the anonymous id
 * @param sessionId      session id from the token (or generated)
 * @param anonymous      true for anonymous connections
 * @param transport      protocol spoken
 * @param nodeId         node holding the connection
 * @param ip             remote address
 * @param userAgent      client user agent, may be null
 * @param deviceInfo     free-form device facts from the handshake
 * @param connectedAt    when it opened
 * @param latencyMillis  last measured heartbeat round trip, -1 if not yet measured
 * @param disconnectedAt when it closed, null while open
 */
public record ConnectionInfo(String id, String userId, String sessionId, boolean anonymous, TransportKind transport,
                             String nodeId, String ip, String userAgent, Map<String, String> deviceInfo,
                             Instant connectedAt, long latencyMillis, Instant disconnectedAt) {
    public ConnectionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectedAt, "connectedAt");
        deviceInfo = deviceInfo == null ? Map.of() : Map.copyOf(deviceInfo);
    }

    public boolean isOpen() {
        return disconnectedAt == null;
    }

    public ConnectionInfo withLatency(long millis) {
        return new ConnectionInfo(id, userId, sessionId, anonymous, transport, nodeId, ip, userAgent, deviceInfo,
                connectedAt, millis, disconnectedAt);
    }

    public ConnectionInfo withDisconnectedAt(Instant at) {
        return new ConnectionInfo(id, userId, sessionId, anonymous, transport, nodeId, ip, userAgent, deviceInfo,
                connectedAt, latencyMillis, at);
    }
}
