package dev.realtime.standalone;

import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.store.Store;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.ServerConfig;
import java.util.List;

/**
 * Chooses the store and the bus from the configuration: the one place where backing services are wired.
 * {@code DATABASE_URL} absent means the in-memory store; {@code REALTIME_REDIS_URL} absent means a single node.
 */
final class Backends {
    private Backends() {
    }

    static Store store(ServerConfig config) {
        if (config.databaseUrl() == null) {
            return new InMemoryStore();
        }
        // The PostgreSQL store plugs in here.
        throw new ConfigException(List.of("DATABASE_URL: the PostgreSQL store is not yet supported by this build; "
                + "unset DATABASE_URL to run with the in-memory store"));
    }

    static Bus bus(ServerConfig config) {
        if (config.redisUrl() == null) {
            return InMemoryBusHub.singleNode();
        }
        // The Redis bus plugs in here.
        throw new ConfigException(List.of("REALTIME_REDIS_URL: the Redis bus is not yet supported by this build; "
                + "unset REALTIME_REDIS_URL to run as a single node"));
    }
}
