/**
 * A cluster {@link dev.realtime.core.spi.bus.Bus} on Redis pub/sub: {@link dev.realtime.bus.redis.RedisBus},
 * configured with {@link dev.realtime.bus.redis.RedisBusOptions}.
 */
package dev.realtime.bus.redis;
