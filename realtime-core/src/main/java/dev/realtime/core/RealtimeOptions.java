package dev.realtime.core;

import dev.realtime.core.model.EventType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Immutable engine options. Values are validated when set on the {@link Builder}, so a bad value fails at the
 * line that set it. The core never reads the environment; the standalone server maps environment variables
 * onto this builder.
 */
public final class RealtimeOptions {
    /** The protocol version announced in the {@code connected} event. */
    public static final String PROTOCOL_VERSION = "1.0";

    private final String nodeId;
    private final boolean allowAnonymous;
    private final boolean autoCreateRooms;
    private final boolean enablePresence;
    private final boolean enableTyping;
    private final Duration typingTimeout;
    private final Duration presenceHeartbeat;
    private final Duration awayAfter;
    private final PresenceScope presenceScope;
    private final int maxConnections;
    private final int connectionRatePerMinute;
    private final int messageRatePerSecond;
    private final int maxMessageLength;
    private final int maxMetadataBytes;
    private final int roomAnnounceLimit;
    private final boolean logEvents;
    private final Set<EventType> logEventTypes;
    private final int batchSize;
    private final int eventBatchSize;
    private final Duration flushInterval;
    private final int writeQueueCapacity;
    private final Duration tokenExpiryWarning;
    private final Duration revocationRetention;

    private RealtimeOptions(Builder b) {
        this.nodeId = b.nodeId == null ? "node-" + UUID.randomUUID().toString().substring(0, 8) : b.nodeId;
        this.allowAnonymous = b.allowAnonymous;
        this.autoCreateRooms = b.autoCreateRooms;
        this.enablePresence = b.enablePresence;
        this.enableTyping = b.enableTyping;
        this.typingTimeout = b.typingTimeout;
        this.presenceHeartbeat = b.presenceHeartbeat;
        this.awayAfter = b.awayAfter;
        this.presenceScope = b.presenceScope;
        this.maxConnections = b.maxConnections;
        this.connectionRatePerMinute = b.connectionRatePerMinute;
        this.messageRatePerSecond = b.messageRatePerSecond;
        this.maxMessageLength = b.maxMessageLength;
        this.maxMetadataBytes = b.maxMetadataBytes;
        this.roomAnnounceLimit = b.roomAnnounceLimit;
        this.logEvents = b.logEvents;
        this.logEventTypes = Set.copyOf(b.logEventTypes);
        this.batchSize = b.batchSize;
        this.eventBatchSize = b.eventBatchSize;
        this.flushInterval = b.flushInterval;
        this.writeQueueCapacity = b.writeQueueCapacity;
        this.tokenExpiryWarning = b.tokenExpiryWarning;
        this.revocationRetention = b.revocationRetention;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodeId = nodeId;
        b.allowAnonymous = allowAnonymous;
        b.autoCreateRooms = autoCreateRooms;
        b.enablePresence = enablePresence;
        b.enableTyping = enableTyping;
        b.typingTimeout = typingTimeout;
        b.presenceHeartbeat = presenceHeartbeat;
        b.awayAfter = awayAfter;
        b.presenceScope = presenceScope;
        b.maxConnections = maxConnections;
        b.connectionRatePerMinute = connectionRatePerMinute;
        b.messageRatePerSecond = messageRatePerSecond;
        b.maxMessageLength = maxMessageLength;
        b.maxMetadataBytes = maxMetadataBytes;
        b.roomAnnounceLimit = roomAnnounceLimit;
        b.logEvents = logEvents;
        b.logEventTypes = EnumSet.noneOf(EventType.class);
        b.logEventTypes.addAll(logEventTypes);
        b.batchSize = batchSize;
        b.eventBatchSize = eventBatchSize;
        b.flushInterval = flushInterval;
        b.writeQueueCapacity = writeQueueCapacity;
        b.tokenExpiryWarning = tokenExpiryWarning;
        b.revocationRetention = revocationRetention;
        return b;
    }

    /** This node's id in the cluster; unique per running process. */
    public String nodeId() {
        return nodeId;
    }

    /** Whether clients without a token may connect (read-only: join public rooms and receive). */
    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    /** Whether joining an unknown room creates it as a public channel. */
    public boolean autoCreateRooms() {
        return autoCreateRooms;
    }

    public boolean enablePresence() {
        return enablePresence;
    }

    public boolean enableTyping() {
        return enableTyping;
    }

    /** How long a typing indicator lives after the last {@code typing:start}. */
    public Duration typingTimeout() {
        return typingTimeout;
    }

    /** Interval of node heartbeats on the cluster bus; a node silent for three is declared dead. */
    public Duration presenceHeartbeat() {
        return presenceHeartbeat;
    }

    /** Inactivity after which an {@code online} user becomes {@code away}. */
    public Duration awayAfter() {
        return awayAfter;
    }

    public PresenceScope presenceScope() {
        return presenceScope;
    }

    /** Open connections this node accepts at most. */
    public int maxConnections() {
        return maxConnections;
    }

    /** New connections per minute accepted from one IP address. */
    public int connectionRatePerMinute() {
        return connectionRatePerMinute;
    }

    /** Client events per second accepted from one connection (a burst of the same size is allowed). */
    public int messageRatePerSecond() {
        return messageRatePerSecond;
    }

    /** Longest message content, in characters. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Largest message metadata, in bytes of JSON. */
    public int maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /**
     * Size up to which a room announces {@code user:joined} / {@code user:left} and lists its online members in
     * the {@code room:join} ack. A room with more members, or more connections subscribed on one node, is
     * <em>large</em>: its joins and leaves are not announced, since announcing every join to everyone already
     * present costs n²/2 frames to fill a room of n, and its ack carries the counts but no member list.
     * 0 announces in no room.
     */
    public int roomAnnounceLimit() {
        return roomAnnounceLimit;
    }

    /** Whether events are written to the event log at all. */
    public boolean logEvents() {
        return logEvents;
    }

    /** Which event types are written to the event log. */
    public Set<EventType> logEventTypes() {
        return logEventTypes;
    }

    /** Largest batch the background writer hands the store. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Largest batch of event-log rows the background writer hands the store: never less than {@link #batchSize()}.
     * Event rows come in bulk (one per message) and a store writes many of them in one go far cheaper than in
     * several, so they get a larger batch than the other writes.
     */
    public int eventBatchSize() {
        return Math.max(batchSize, eventBatchSize);
    }

    /** How long the background writer waits to fill a batch. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** Writes the background writer buffers at most; more are dropped and counted. */
    public int writeQueueCapacity() {
        return writeQueueCapacity;
    }

    /** How long before its token expires a connection gets {@code token:expiring}. */
    public Duration tokenExpiryWarning() {
        return tokenExpiryWarning;
    }

    /**
     * How long a user's revocation refuses their tokens issued before it; set it to at least the lifetime of
     * the tokens your issuer signs, after which those tokens expire on their own.
     */
    public Duration revocationRetention() {
        return revocationRetention;
    }

    /** Builder of {@link RealtimeOptions}; every setter validates its argument. */
    public static final class Builder {
        private String nodeId;
        private boolean allowAnonymous;
        private boolean autoCreateRooms;
        private boolean enablePresence = true;
        private boolean enableTyping = true;
        private Duration typingTimeout = Duration.ofMillis(3000);
        private Duration presenceHeartbeat = Duration.ofSeconds(30);
        private Duration awayAfter = Duration.ofMinutes(5);
        private PresenceScope presenceScope = PresenceScope.ROOMS;
        private int maxConnections = 10_000;
        private int connectionRatePerMinute = 100;
        private int messageRatePerSecond = 50;
        private int maxMessageLength = 10_000;
        private int maxMetadataBytes = 16_384;
        private int roomAnnounceLimit = 1_000;
        private boolean logEvents = true;
        private EnumSet<EventType> logEventTypes = EnumSet.allOf(EventType.class);
        private int batchSize = 100;
        private int eventBatchSize = 1_000;
        private Duration flushInterval = Duration.ofMillis(200);
        private int writeQueueCapacity = 100_000;
        private Duration tokenExpiryWarning = Duration.ofSeconds(30);
        private Duration revocationRetention = Duration.ofHours(24);

        private Builder() {
        }

        public Builder nodeId(String value) {
            if (value == null || !value.matches("[A-Za-z0-9_.\\-]{1,64}")) {
                throw new IllegalArgumentException("nodeId must be 1-64 characters of letters, digits, _ . -");
            }
            this.nodeId = value;
            return this;
        }

        public Builder allowAnonymous(boolean value) {
            this.allowAnonymous = value;
            return this;
        }

        public Builder autoCreateRooms(boolean value) {
            this.autoCreateRooms = value;
            return this;
        }

        public Builder enablePresence(boolean value) {
            this.enablePresence = value;
            return this;
        }

        public Builder enableTyping(boolean value) {
            this.enableTyping = value;
            return this;
        }

        public Builder typingTimeout(Duration value) {
            this.typingTimeout = positive("typingTimeout", value);
            return this;
        }

        public Builder presenceHeartbeat(Duration value) {
            this.presenceHeartbeat = positive("presenceHeartbeat", value);
            return this;
        }

        public Builder awayAfter(Duration value) {
            this.awayAfter = positive("awayAfter", value);
            return this;
        }

        public Builder presenceScope(PresenceScope value) {
            this.presenceScope = Objects.requireNonNull(value, "presenceScope");
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = atLeast("maxConnections", value, 1);
            return this;
        }

        public Builder connectionRatePerMinute(int value) {
            this.connectionRatePerMinute = atLeast("connectionRatePerMinute", value, 1);
            return this;
        }

        public Builder messageRatePerSecond(int value) {
            this.messageRatePerSecond = atLeast("messageRatePerSecond", value, 1);
            return this;
        }

        public Builder maxMessageLength(int value) {
            this.maxMessageLength = atLeast("maxMessageLength", value, 1);
            return this;
        }

        public Builder maxMetadataBytes(int value) {
            this.maxMetadataBytes = atLeast("maxMetadataBytes", value, 2);
            return this;
        }

        /** See {@link RealtimeOptions#roomAnnounceLimit()}; at least 0. */
        public Builder roomAnnounceLimit(int value) {
            this.roomAnnounceLimit = atLeast("roomAnnounceLimit", value, 0);
            return this;
        }

        public Builder logEvents(boolean value) {
            this.logEvents = value;
            return this;
        }

        public Builder logEventTypes(Set<EventType> value) {
            Objects.requireNonNull(value, "logEventTypes");
            this.logEventTypes = value.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(value);
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = atLeast("batchSize", value, 1);
            return this;
        }

        /** Largest batch of event-log rows (default 1000; {@link #batchSize} when that is larger). */
        public Builder eventBatchSize(int value) {
            this.eventBatchSize = atLeast("eventBatchSize", value, 1);
            return this;
        }

        public Builder flushInterval(Duration value) {
            this.flushInterval = positive("flushInterval", value);
            return this;
        }

        public Builder writeQueueCapacity(int value) {
            this.writeQueueCapacity = atLeast("writeQueueCapacity", value, 1);
            return this;
        }

        public Builder tokenExpiryWarning(Duration value) {
            this.tokenExpiryWarning = positive("tokenExpiryWarning", value);
            return this;
        }

        public Builder revocationRetention(Duration value) {
            this.revocationRetention = positive("revocationRetention", value);
            return this;
        }

        public RealtimeOptions build() {
            return new RealtimeOptions(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
