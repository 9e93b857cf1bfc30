package dev.realtime.bus.redis;

import java.time.Duration;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** Opens the bus's two Redis connections, the message history's and the recovery store's, from the options. */
final class RedisClients {
    private static final int SUBSCRIPTION_SILENCE_INTERVALS = 3;

    private final RedisBusOptions options;
    private final HostAndPort address;

    RedisClients(RedisBusOptions options) {
        this.options = options;
        this.address = new HostAndPort(options.endpoint().host(), options.endpoint().port());
    }

    /** A connection for publishing: every round trip is limited by the command timeout. */
    Jedis publisher() {
        return connect("realtime-bus-pub", options.commandTimeout(), options.commandTimeout());
    }

    /**
     * A connection for the subscription. While subscribed it reads without the command timeout but fails after
     * three health-check intervals of silence; the pings sent every interval keep a healthy link talking.
     */
    Jedis subscriber() {
        Duration silence = options.healthCheckInterval().multipliedBy(SUBSCRIPTION_SILENCE_INTERVALS);
        return connect("realtime-bus-sub", options.commandTimeout(), silence);
    }

    /** A connection for the message history: every round trip is limited by the command timeout. */
    Jedis history() {
        return connect("realtime-history", options.commandTimeout(), options.commandTimeout());
    }

    /** A connection for the recovery store: every round trip is limited by the command timeout. */
    Jedis recovery() {
        return connect("realtime-recovery", options.commandTimeout(), options.commandTimeout());
    }

    private Jedis connect(String clientName, Duration commandTimeout, Duration subscribedReadTimeout) {
        RedisEndpoint endpoint = options.endpoint();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .resp2()
                .clientName(clientName)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED) // fewer commands for a restricted ACL user
                .connectionTimeoutMillis(toMillis(options.connectTimeout()))
                .socketTimeoutMillis(toMillis(commandTimeout))
                .blockingSocketTimeoutMillis(toMillis(subscribedReadTimeout))
                .database(endpoint.database());
        endpoint.user().ifPresent(config::user);
        if (endpoint.hasPassword()) {
            config.password(endpoint.password());
        }
        if (endpoint.tls()) {
            config.sslOptions(sslOptions());
        }
        Jedis jedis = new Jedis(address, config.build());
        try {
            jedis.ping(); // connects, authenticates and selects the database now, so failures surface here
            return jedis;
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    // Full verification: the certificate must be trusted and name the host of the URL.
    private SslOptions sslOptions() {
        SslOptions.Builder ssl = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
        options.trustStore().ifPresent(file -> {
            char[] password = options.trustStorePassword();
            if (password == null) {
                ssl.truststore(file.toFile());
            } else {
                ssl.truststore(file.toFile(), password);
            }
        });
        return ssl.build();
    }

    private static int toMillis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
