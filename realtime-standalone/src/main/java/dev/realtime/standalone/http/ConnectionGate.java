package dev.realtime.standalone.http;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on connections open at once. A connection over it is closed as soon as it is accepted, before any
 * handler or buffer is attached to it, and counted; every admitted one gives its place back when it closes,
 * whichever way that happens.
 */
final class ConnectionGate {
    private final int max;
    private final Runnable onRefused;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param max       connections admitted at once
     * @param onRefused counts a refusal
     */
    ConnectionGate(int max, Runnable onRefused) {
        this.max = max;
        this.onRefused = onRefused;
    }

    /** Admits {@code channel} or closes it; true when admitted. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            onRefused.run();
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }
}
