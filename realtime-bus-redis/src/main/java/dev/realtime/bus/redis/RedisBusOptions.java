package dev.realtime.bus.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of a {@link RedisBus}. Build with {@link #builder()}; only the URL is required.
 *
 * <pre>{@code
 * RedisBusOptions options = RedisBusOptions.builder()
 *         .url("redis://:secret@redis.internal:6379/0")
 *         .channelPrefix("chat-prod")
 *         .build();
 * }</pre>
 */
public final class RedisBusOptions {
    /** Channel prefix used unless another is set. */
    public static final String DEFAULT_CHANNEL_PREFIX = "realtime";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final RedisEndpoint endpoint;
    private final String channelPrefix;
    private final int publishQueueCapacity;
    private final Duration reconnectBackoffMin;
    private final Duration reconnectBackoffMax;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Duration healthCheckInterval;
    private final Path trustStore;
    private final char[] trustStorePassword;

    private RedisBusOptions(Builder builder) {
        this.endpoint = builder.endpoint;
        this.channelPrefix = builder.channelPrefix;
        this.publishQueueCapacity = builder.publishQueueCapacity;
        this.reconnectBackoffMin = builder.reconnectBackoffMin;
        this.reconnectBackoffMax = builder.reconnectBackoffMax;
        this.connectTimeout = builder.connectTimeout;
        this.commandTimeout = builder.commandTimeout;
        this.healthCheckInterval = builder.healthCheckInterval;
        this.trustStore = builder.trustStore;
        this.trustStorePassword = builder.trustStorePassword;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Redis server. */
    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Prefix of the pub/sub channel, so that several deployments can share one Redis. */
    public String channelPrefix() {
        return channelPrefix;
    }

    /** The one pub/sub channel all nodes of this deployment use: {@code <prefix>:bus}. */
    public String channel() {
        return channelPrefix + ":bus";
    }

    /** Messages that may wait for the publisher thread; further ones are dropped and counted. */
    public int publishQueueCapacity() {
        return publishQueueCapacity;
    }

    /** First wait before reconnecting; doubles on each failed attempt. */
    public Duration reconnectBackoffMin() {
        return reconnectBackoffMin;
    }

    /** Longest wait between reconnect attempts. */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /** Limit for opening a TCP (and TLS) connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Limit for one publish round trip; a slower Redis counts as down. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * How often the subscription is pinged. A subscription that hears nothing, not even the answer to a ping,
     * for three intervals is considered broken, which also detects a hung Redis or a silently dropped connection.
     */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * Trust store for {@code rediss://} (PKCS12 or JKS); empty means the JVM's default trust store, which
     * {@code -Djavax.net.ssl.trustStore} can replace.
     */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** Package-private: only the connection factory may read it. */
    char[] trustStorePassword() {
        return trustStorePassword;
    }

    @Override
    public String toString() {
        return "RedisBusOptions[endpoint=" + endpoint + ", channel=" + channel()
                + (trustStore == null ? "" : ", trustStore=" + trustStore)
                + ", publishQueueCapacity=" + publishQueueCapacity
                + ", reconnectBackoff=" + reconnectBackoffMin + ".." + reconnectBackoffMax
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", healthCheckInterval=" + healthCheckInterval + "]";
    }

    /** Builds {@link RedisBusOptions}; every setter checks its value and says what is wrong. */
    public static final class Builder {
        private RedisEndpoint endpoint;
        private String channelPrefix = DEFAULT_CHANNEL_PREFIX;
        private int publishQueueCapacity = 10_000;
        private Duration reconnectBackoffMin = Duration.ofMillis(100);
        private Duration reconnectBackoffMax = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration healthCheckInterval = Duration.ofSeconds(5);
        private Path trustStore;
        private char[] trustStorePassword;

        private Builder() {
        }

        /** The server, as {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...}. */
        public Builder url(String url) {
            this.endpoint = RedisEndpoint.parse(url);
            return this;
        }

        /** The server, already parsed. */
        public Builder endpoint(RedisEndpoint redisEndpoint) {
            this.endpoint = Objects.requireNonNull(redisEndpoint, "endpoint");
            return this;
        }

        /** Channel prefix: 1 to 100 of {@code A-Z a-z 0-9 . _ : -}; default {@value #DEFAULT_CHANNEL_PREFIX}. */
        public Builder channelPrefix(String prefix) {
            Objects.requireNonNull(prefix, "channelPrefix");
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException(
                        "channel prefix must be 1 to 100 characters of A-Z a-z 0-9 . _ : - (got '" + prefix + "')");
            }
            this.channelPrefix = prefix;
            return this;
        }

        /** Bound of the publish queue, at least 1; default 10,000 messages. */
        public Builder publishQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("publish queue capacity must be at least 1 (got " + capacity + ")");
            }
            this.publishQueueCapacity = capacity;
            return this;
        }

        /** Reconnect waits grow from {@code min} to {@code max}; defaults 100 ms and 10 s. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            requirePositive("reconnect backoff minimum", min);
            requirePositive("reconnect backoff maximum", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect backoff maximum must not be below its minimum");
            }
            this.reconnectBackoffMin = min;
            this.reconnectBackoffMax = max;
            return this;
        }

        /** Default 2 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireMillis("connect timeout", timeout);
            return this;
        }

        /** Default 2 s. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = requireMillis("command timeout", timeout);
            return this;
        }

        /** Default 5 s. */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = requireMillis("health check interval", interval);
            return this;
        }

        /**
         * Certificates to trust for {@code rediss://} instead of the JVM's default trust store. The server's
         * certificate must also match the host name of the URL.
         *
         * @param password the store's password, or null when it has none
         */
        public Builder trustStore(Path file, String password) {
            Objects.requireNonNull(file, "trustStore");
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("trust store " + file + " is not a readable file");
            }
            this.trustStore = file;
            this.trustStorePassword = password == null ? null : password.toCharArray();
            return this;
        }

        /** @throws IllegalStateException when no URL was given */
        public RedisBusOptions build() {
            if (endpoint == null) {
                throw new IllegalStateException("a Redis URL is required");
            }
            return new RedisBusOptions(this);
        }

        private static Duration requirePositive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive (got " + value + ")");
            }
            return value;
        }

        // Redis clients take int milliseconds; keep the value in that range.
        private static Duration requireMillis(String what, Duration value) {
            requirePositive(what, value);
            if (value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE / 3) {
                throw new IllegalArgumentException(what + " must be between 1 ms and about 8 days (got " + value + ")");
            }
            return value;
        }
    }
}
