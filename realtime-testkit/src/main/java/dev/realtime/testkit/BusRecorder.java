package dev.realtime.testkit;

import dev.realtime.core.spi.bus.BusListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link BusListener} that records everything a bus delivers, for assertions in bus tests. An optional
 * reaction runs after each message is recorded, so a test can make a listener throw or stall.
 */
public final class BusRecorder implements BusListener {
    private final List<byte[]> messages = new ArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Consumer<byte[]> reaction;

    /** A recorder that only records. */
    public BusRecorder() {
        this(message -> { });
    }

    /** @param reaction runs on the bus thread after each message was recorded; may throw or block */
    public BusRecorder(Consumer<byte[]> reaction) {
        this.reaction = Objects.requireNonNull(reaction, "reaction");
    }

    @Override
    public void onMessage(byte[] message) {
        synchronized (messages) {
            messages.add(message);
        }
        reaction.accept(message);
    }

    @Override
    public void onDisconnected() {
        disconnects.incrementAndGet();
    }

    @Override
    public void onReconnected() {
        reconnects.incrementAndGet();
    }

    /** A snapshot of the messages received so far, in arrival order. */
    public List<byte[]> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The messages received so far decoded as UTF-8, in arrival order. */
    public List<String> texts() {
        return messages().stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList();
    }

    /** How many messages arrived so far. */
    public int count() {
        synchronized (messages) {
            return messages.size();
        }
    }

    /** How many received messages are equal to {@code message}. */
    public long countOf(byte[] message) {
        return messages().stream().filter(m -> Arrays.equals(m, message)).count();
    }

    /** True when a message equal to {@code message} arrived. */
    public boolean received(byte[] message) {
        return countOf(message) > 0;
    }

    /** True when the UTF-8 text {@code text} arrived as a message. */
    public boolean received(String text) {
        return received(text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many times {@link #onDisconnected} was called. */
    public int disconnects() {
        return disconnects.get();
    }

    /** How many times {@link #onReconnected} was called. */
    public int reconnects() {
        return reconnects.get();
    }
}
