package dev.realtime.standalone;

import dev.realtime.bus.redis.RedisBus;
import dev.realtime.bus.redis.RedisBusOptions;
import dev.realtime.bus.redis.RedisHistory;
import dev.realtime.bus.redis.RedisRecoveryStore;
import dev.realtime.core.Realtime;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.store.Store;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.HistorySettings;
import dev.realtime.standalone.config.ServerConfig;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import java.util.List;

/**
 * Chooses the store, the history and the bus from the configuration: the one place where backing services are wired.
 * {@code DATABASE_URL} absent means the in-memory store; {@code REALTIME_REDIS_URL} absent means a single node.
 */
final class Backends {
    private Backends() {
    }

    /**
     * @throws ConfigException when {@code DATABASE_URL} is malformed
     * @throws dev.realtime.core.RealtimeException {@code UNAVAILABLE} when the database cannot be reached
     */
    static Store store(ServerConfig config) {
        if (config.databaseUrl() == null) {
            return new InMemoryStore();
        }
        PostgresStoreOptions options;
        try {
            options = PostgresStoreOptions.builder(config.databaseUrl())
                    .durableEventLog(config.eventLogDurable()).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("DATABASE_URL: " + e.getMessage()));
        }
        return PostgresStore.open(options);
    }

    /**
     * The message history of {@code REALTIME_HISTORY}: PostgreSQL shares the store's pool; Redis gets a connection
     * of its own on the bus's server and prefix; memory is the engine's default ring per room, so nothing is set.
     */
    static void history(ServerConfig config, Store store, Realtime.Builder builder) {
        builder.historyOptions(config.history().historyOptions());
        if (config.history().backend() == HistorySettings.Backend.POSTGRES) {
            if (!(store instanceof PostgresStore postgres)) {
                throw new ConfigException(List.of("REALTIME_HISTORY: postgres needs DATABASE_URL"));
            }
            builder.history(postgres::history);
        }
        if (config.history().backend() == HistorySettings.Backend.REDIS) {
            RedisBusOptions options = redisOptions(config);
            builder.history(clock -> new RedisHistory(options, clock));
        }
    }

    /**
     * With {@code REALTIME_REDIS_URL}, recovery sessions and client message ids live in Redis, so a client recovers
     * on any node (given a shared history); else the engine's in-memory default serves this node alone.
     */
    static void recovery(ServerConfig config, Realtime.Builder builder) {
        if (config.redisUrl() != null) {
            RedisBusOptions options = redisOptions(config);
            builder.recoveryStore(new RedisRecoveryStore(options));
        }
    }

    /** @throws ConfigException when {@code REALTIME_REDIS_URL} is malformed */
    static Bus bus(ServerConfig config) {
        if (config.redisUrl() == null) {
            return InMemoryBusHub.singleNode();
        }
        return new RedisBus(redisOptions(config));
    }

    private static RedisBusOptions redisOptions(ServerConfig config) {
        try {
            return RedisBusOptions.builder().url(config.redisUrl()).channelPrefix(config.redisChannelPrefix()).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("REALTIME_REDIS_URL: " + e.getMessage()));
        }
    }
}
