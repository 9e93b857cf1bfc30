package dev.realtime.core.internal.engine;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Event-log ids made this way
 * arrive in roughly ascending order, so the database's primary-key index grows at its right edge instead of
 * being written at random pages (which costs twice the CPU per row, and disk reads once the index outgrows
 * memory). They are idempotency keys, not secrets, so a fast non-cryptographic random source is enough and
 * the event's thread never waits on the shared secure random generator. Internal.
 */
final class TimeOrderedIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private TimeOrderedIds() {
    }

    /** A new id for something that happened at {@code at}. */
    static UUID at(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | VERSION_7 | random.nextInt(1 << 12);
        long low = VARIANT_RFC | random.nextLong() >>> 2;
        return new UUID(high, low);
    }
}
