package dev.realtime.bus.redis;

import java.util.concurrent.atomic.LongAdder;

/** What a {@link RedisBus} did, for its getters; written from the caller and both bus threads. */
final class RedisBusCounters {
    final LongAdder published = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder listenerFailures = new LongAdder();
}
