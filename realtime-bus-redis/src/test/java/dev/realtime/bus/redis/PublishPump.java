package dev.realtime.bus.redis;

import dev.realtime.core.spi.bus.Bus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes numbered messages ({@code "<tag>:<n>"}) from a background thread at a steady pace, as a busy node
 * would, and counts attempts: attempts that keep growing prove that publishing never blocks.
 */
final class PublishPump implements AutoCloseable {
    private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PublishPump(Bus bus, String tag) {
        thread = new Thread(() -> {
            while (running) {
                long n = attempts.incrementAndGet();
                if (bus.publish((tag + ":" + n).getBytes(StandardCharsets.UTF_8))) {
                    accepted.incrementAndGet();
                }
                LockSupport.parkNanos(PACE_NANOS);
            }
        }, "publish-pump-" + tag);
        thread.setDaemon(true);
        thread.start();
    }

    /** Publish calls made so far (also the number of the last message). */
    long attempts() {
        return attempts.get();
    }

    /** Publish calls that returned true. */
    long accepted() {
        return accepted.get();
    }

    /** The largest message number among {@code texts} with this pump's {@code tag}, or 0. */
    static long highestNumber(Iterable<String> texts, String tag) {
        long highest = 0;
        for (String text : texts) {
            if (text.startsWith(tag + ":")) {
                highest = Math.max(highest, Long.parseLong(text.substring(tag.length() + 1)));
            }
        }
        return highest;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
