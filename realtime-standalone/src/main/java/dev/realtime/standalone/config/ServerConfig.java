package dev.realtime.standalone.config;

import dev.realtime.core.PresenceScope;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.EventType;
import dev.realtime.standalone.http.OpsLimits;
import dev.realtime.transport.netty.NettyTransportOptions;
import dev.realtime.transport.ws.WsTransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The standalone server's validated settings, one field per variable (see {@code docs/configuration.md}).
 * {@link #toString()} never shows secrets.
 */
public record ServerConfig(
        String host, int port, int httpPort, String nodeId, TransportKind transport,
        String databaseUrl, String redisUrl, String redisChannelPrefix,
        List<String> corsOrigins, int maxConnections, int rateLimitPerMinute, int messageRatePerSecond,
        int maxPayloadBytes, int maxPreAuthPayloadBytes, long maxOutboundBytes, int acceptBacklog,
        Duration pingInterval, Duration pingTimeout,
        boolean enableCompression,
        String jwtSecret, String jwtPublicKey, String jwksUrl, String jwtIssuer, String jwtAudience,
        String jwtUserClaim, boolean allowAnonymous, Duration tokenExpiryWarning, Duration revocationRetention,
        boolean enablePresence, boolean enableTyping, Duration typingTimeout, Duration presenceHeartbeat,
        PresenceScope presenceScope, int roomAnnounceLimit, List<String> rooms, boolean autoCreateRooms,
        int batchSize, boolean logEvents, Set<EventType> logEventTypes, boolean eventLogDurable, String logLevel, String logFormat,
        boolean enableMetrics, String metricsPath, boolean enableHealth, String healthPath, String adminToken,
        int httpMaxConnections, Duration httpHeaderTimeout, Duration httpIdleTimeout, HistorySettings history) {

    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
        rooms = List.copyOf(rooms);
        logEventTypes = Set.copyOf(logEventTypes);
    }

    /** True when some key to verify tokens is configured. */
    public boolean hasTokenVerification() {
        return jwtSecret != null || jwtPublicKey != null || jwksUrl != null;
    }

    /** The engine's options. */
    public RealtimeOptions realtimeOptions() {
        RealtimeOptions.Builder b = RealtimeOptions.builder()
                .allowAnonymous(allowAnonymous).autoCreateRooms(autoCreateRooms)
                .tokenExpiryWarning(tokenExpiryWarning).revocationRetention(revocationRetention)
                .enablePresence(enablePresence).enableTyping(enableTyping)
                .typingTimeout(typingTimeout).presenceHeartbeat(presenceHeartbeat).presenceScope(presenceScope)
                .roomAnnounceLimit(roomAnnounceLimit)
                .maxConnections(maxConnections).connectionRatePerMinute(rateLimitPerMinute)
                .messageRatePerSecond(messageRatePerSecond)
                .logEvents(logEvents).logEventTypes(logEventTypes.isEmpty() ? Set.of(EventType.values()) : logEventTypes)
                .batchSize(batchSize);
        if (nodeId != null) {
            b.nodeId(nodeId);
        }
        return b.build();
    }

    /** The operations port's bounds (the body cap is the admin API's). */
    public OpsLimits opsLimits() {
        return new OpsLimits(httpMaxConnections, httpHeaderTimeout, httpIdleTimeout, OpsLimits.DEFAULT_MAX_BODY_BYTES);
    }

    /** The Netty transport's options: the same settings as {@link #transportOptions()}. */
    public NettyTransportOptions nettyTransportOptions() {
        return NettyTransportOptions.builder().host(host).port(port).allowedOrigins(corsOrigins)
                .maxPayloadBytes(maxPayloadBytes).maxPreAuthPayloadBytes(maxPreAuthPayloadBytes)
                .maxOutboundBytes(maxOutboundBytes).acceptBacklog(acceptBacklog)
                .pingInterval(pingInterval).pingTimeout(pingTimeout).build();
    }

    /** The Java-WebSocket transport's options. */
    public WsTransportOptions transportOptions() {
        return WsTransportOptions.builder().host(host).port(port).allowedOrigins(corsOrigins)
                .maxPayloadBytes(maxPayloadBytes).maxPreAuthPayloadBytes(maxPreAuthPayloadBytes)
                .maxOutboundBytes(maxOutboundBytes).acceptBacklog(acceptBacklog)
                .pingInterval(pingInterval).pingTimeout(pingTimeout).build();
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", httpPort=" + httpPort + ", nodeId=" + nodeId
                + ", transport=" + transport.wireName()
                + ", store=" + (databaseUrl == null ? "memory" : "postgresql")
                + ", history=" + history.backend().name().toLowerCase(java.util.Locale.ROOT) + ", bus="
                + (redisUrl == null ? "single-node" : "redis") + ", corsOrigins=" + corsOrigins
                + ", allowAnonymous=" + allowAnonymous + ", jwt=" + (jwtSecret != null ? "secret" : jwtPublicKey != null
                ? "public key" : jwksUrl != null ? "jwks" : "none") + ", rooms=" + rooms + "]";
    }
}
