package dev.realtime.transport.netty;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable settings of the Netty transport; every value is checked when set.
 *
 * <p>Defaults: host {@code 0.0.0.0}, port 3101, all origins allowed, 1 MiB max payload (16 KiB before
 * authentication), 4 MiB of unsent output per connection, heartbeat every 25 s with a 60 s answer deadline,
 * 10 s to send a complete HTTP request head (and to complete the upgrade) and 10 s to authenticate, 5 s for a
 * client to answer the server's close frame, a listen backlog of 1024, and one I/O thread per core (at least 2).
 * The payload limit is also Engine.IO's {@code maxHttpBufferSize}: the largest polling request body; at most
 * 10,000 long-polling sessions may wait for their credentials at once.
 */
public final class NettyTransportOptions {
    private final String host;
    private final int port;
    private final List<String> allowedOrigins;
    private final int maxPayloadBytes;
    private final int maxPreAuthPayloadBytes;
    private final long maxOutboundBytes;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration handshakeTimeout;
    private final Duration authTimeout;
    private final int maxAuthAttempts;
    private final int ioThreads;
    private final Duration closeTimeout;
    private final int acceptBacklog;
    private final int maxUnauthenticatedPollingSessions;

    private NettyTransportOptions(Builder b) {
        host = b.host;
        port = b.port;
        allowedOrigins = b.allowedOrigins;
        maxPayloadBytes = b.maxPayloadBytes;
        maxPreAuthPayloadBytes = Math.min(b.maxPreAuthPayloadBytes, b.maxPayloadBytes);
        maxOutboundBytes = b.maxOutboundBytes;
        pingInterval = b.pingInterval;
        pingTimeout = b.pingTimeout;
        handshakeTimeout = b.handshakeTimeout;
        authTimeout = b.authTimeout;
        maxAuthAttempts = b.maxAuthAttempts;
        ioThreads = b.ioThreads;
        closeTimeout = b.closeTimeout;
        acceptBacklog = b.acceptBacklog;
        maxUnauthenticatedPollingSessions = b.maxUnauthenticatedPollingSessions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static NettyTransportOptions defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Address to bind. */
    public String host() {
        return host;
    }

    /** Port to bind; 0 picks a free one (see {@link NettyTransport#port()}). */
    public int port() {
        return port;
    }

    /** Origins a browser may connect from, normalized to lower case without a trailing slash; {@code *} allows all. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Largest client message accepted; a larger one closes the connection with 1009. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * Largest message a connection may send before it authenticates (its credentials), never more than
     * {@link #maxPayloadBytes()}; a larger one closes the connection with 1009. Bounds what a client without
     * credentials can make the server buffer.
     */
    public int maxPreAuthPayloadBytes() {
        return maxPreAuthPayloadBytes;
    }

    /**
     * Time a client has to answer the server's close frame before the TCP connection is closed anyway, so a
     * peer that stops reading cannot keep a closing connection (and its memory) alive.
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Connections the operating system may hold for accepting (the listen backlog), so that clients all
     * reconnecting at once to a restarted node wait instead of being refused. The kernel caps it at
     * {@code net.core.somaxconn}.
     */
    public int acceptBacklog() {
        return acceptBacklog;
    }

    /**
     * Long-polling sessions that may wait for their credentials at once; a handshake beyond it is answered 503.
     * A WebSocket client without credentials at least holds a TCP connection; a polling handshake costs the
     * client one request, so without this bound a flood of handshakes would grow the heap for the auth timeout.
     */
    public int maxUnauthenticatedPollingSessions() {
        return maxUnauthenticatedPollingSessions;
    }

    /** Unsent output a connection may accumulate before it is closed as a slow reader (1008). */
    public long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** Time a TCP connection has to send a complete request head and, for WebSocket, complete the upgrade. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Time an upgraded connection has to authenticate (Socket.IO CONNECT or the {@code auth} frame). */
    public Duration authTimeout() {
        return authTimeout;
    }

    /** Failed Socket.IO CONNECT attempts allowed on one connection before it is closed. */
    public int maxAuthAttempts() {
        return maxAuthAttempts;
    }

    /**
     * Netty event-loop threads: they read, decode, run the engine's handlers and write. Default: one per
     * processor the JVM sees; more threads than cores only add hand-offs between them.
     */
    public int ioThreads() {
        return ioThreads;
    }

    /** True when {@code origin} may open a connection. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(normalizeOrigin(origin));
    }

    static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** Builder of {@link NettyTransportOptions}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3101;
        private List<String> allowedOrigins = List.of("*");
        private int maxPayloadBytes = 1_048_576;
        private int maxPreAuthPayloadBytes = 16 * 1024;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int acceptBacklog = 1024;
        private int maxUnauthenticatedPollingSessions = 10_000;
        private long maxOutboundBytes = 4L * 1_048_576;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(60);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration authTimeout = Duration.ofSeconds(10);
        private int maxAuthAttempts = 3;
        private int ioThreads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        private Builder(NettyTransportOptions o) {
            host = o.host;
            port = o.port;
            allowedOrigins = o.allowedOrigins;
            maxPayloadBytes = o.maxPayloadBytes;
            maxPreAuthPayloadBytes = o.maxPreAuthPayloadBytes;
            closeTimeout = o.closeTimeout;
            acceptBacklog = o.acceptBacklog;
            maxUnauthenticatedPollingSessions = o.maxUnauthenticatedPollingSessions;
            maxOutboundBytes = o.maxOutboundBytes;
            pingInterval = o.pingInterval;
            pingTimeout = o.pingTimeout;
            handshakeTimeout = o.handshakeTimeout;
            authTimeout = o.authTimeout;
            maxAuthAttempts = o.maxAuthAttempts;
            ioThreads = o.ioThreads;
        }

        public Builder host(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            host = value;
            return this;
        }

        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + value);
            }
            port = value;
            return this;
        }

        public Builder allowedOrigins(List<String> values) {
            Objects.requireNonNull(values, "allowedOrigins");
            if (values.isEmpty()) {
                throw new IllegalArgumentException("allowedOrigins must name at least one origin or *");
            }
            allowedOrigins = values.stream().map(NettyTransportOptions::normalizeOrigin).toList();
            return this;
        }

        public Builder maxPayloadBytes(int value) {
            positive("maxPayloadBytes", value);
            maxPayloadBytes = value;
            return this;
        }

        public Builder maxPreAuthPayloadBytes(int value) {
            positive("maxPreAuthPayloadBytes", value);
            maxPreAuthPayloadBytes = value;
            return this;
        }

        public Builder closeTimeout(Duration value) {
            closeTimeout = positive("closeTimeout", value);
            return this;
        }

        public Builder maxUnauthenticatedPollingSessions(int value) {
            positive("maxUnauthenticatedPollingSessions", value);
            maxUnauthenticatedPollingSessions = value;
            return this;
        }

        public Builder acceptBacklog(int value) {
            positive("acceptBacklog", value);
            acceptBacklog = value;
            return this;
        }

        public Builder maxOutboundBytes(long value) {
            positive("maxOutboundBytes", value);
            maxOutboundBytes = value;
            return this;
        }

        public Builder pingInterval(Duration value) {
            pingInterval = positive("pingInterval", value);
            return this;
        }

        public Builder pingTimeout(Duration value) {
            pingTimeout = positive("pingTimeout", value);
            return this;
        }

        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = positive("handshakeTimeout", value);
            return this;
        }

        public Builder authTimeout(Duration value) {
            authTimeout = positive("authTimeout", value);
            return this;
        }

        public Builder maxAuthAttempts(int value) {
            positive("maxAuthAttempts", value);
            maxAuthAttempts = value;
            return this;
        }

        public Builder ioThreads(int value) {
            positive("ioThreads", value);
            ioThreads = value;
            return this;
        }

        public NettyTransportOptions build() {
            return new NettyTransportOptions(this);
        }

        private static void positive(String name, long value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
