package dev.realtime.bus.redis;

import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.bus.BusListener;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster {@link Bus} on Redis pub/sub. Every node of a deployment publishes to and subscribes to the one
 * channel {@code <prefix>:bus}; Redis delivers each message to every subscribed node, the publisher included.
 *
 * <p>Two threads and two connections per node: a publisher thread drains a bounded queue (so {@link #publish}
 * never waits for Redis; a full queue drops and counts), and a subscriber thread keeps the subscription alive,
 * reconnecting with exponential backoff. While the subscription is broken {@link #isConnected} is false and
 * {@link #publish} drops. Redis pub/sub keeps nothing for absent subscribers, so a message published while a
 * node is cut off is lost for that node; the engine re-announces its state on
 * {@link BusListener#onReconnected}.
 *
 * <p>The counters are plain getters, for the engine's metrics.
 */
public final class RedisBus implements Bus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBus.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final RedisBusOptions options;
    private final RedisClients clients;
    private final RedisBusCounters counters = new RedisBusCounters();
    private final Object lifecycle = new Object();
    private volatile RedisPublisher publisher;
    private volatile RedisSubscriber subscriber;
    private volatile boolean closed;

    /** A bus with the given options; nothing connects before {@link #start}. */
    public RedisBus(RedisBusOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.clients = new RedisClients(options);
    }

    /** A bus on {@code url} with default options. */
    public static RedisBus of(String url) {
        return new RedisBus(RedisBusOptions.builder().url(url).build());
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Starts both threads; returns at once, before Redis answered. */
    @Override
    public void start(BusListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lifecycle) {
            if (subscriber != null) {
                throw new IllegalStateException("bus already started");
            }
            if (closed) {
                return;
            }
            RedisPublisher newPublisher = new RedisPublisher(clients, options, counters, this::pingSubscription);
            RedisSubscriber newSubscriber = new RedisSubscriber(clients, options, listener, counters,
                    newPublisher::linkLost, newPublisher::linkUp);
            subscriber = newSubscriber;
            publisher = newPublisher;
            newPublisher.start();
            newSubscriber.start();
        }
        LOG.info("Redis bus starting: {}", options);
    }

    private void pingSubscription() {
        RedisSubscriber current = subscriber;
        if (current != null) {
            current.ping();
        }
    }

    /**
     * Queues {@code message} for the other nodes. False, counted as dropped, when the bus is closed or not
     * started, when the link is known to be down, or when the publish queue is full. Messages published before
     * the first subscription is confirmed wait for it, so that this node hears the other nodes' answers to them
     * (a new node's greeting, for example). The array is sent later, from another thread: do not change it
     * after publishing.
     */
    @Override
    public boolean publish(byte[] message) {
        Objects.requireNonNull(message, "message");
        RedisPublisher currentPublisher = publisher;
        RedisSubscriber currentSubscriber = subscriber;
        if (closed || currentPublisher == null || currentSubscriber == null
                || currentSubscriber.link() == RedisSubscriber.Link.DOWN) {
            counters.dropped.increment();
            return false;
        }
        return currentPublisher.offer(message);
    }

    /** True while subscribed; false before the first subscription, during an outage and after close. */
    @Override
    public boolean isConnected() {
        RedisSubscriber current = subscriber;
        return !closed && current != null && current.link() == RedisSubscriber.Link.UP;
    }

    /**
     * Sends what is still queued (while the link is up), unsubscribes and stops both threads. No listener call
     * happens after this returns. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RedisPublisher currentPublisher = publisher;
        RedisSubscriber currentSubscriber = subscriber;
        if (currentPublisher != null) {
            currentPublisher.stop(STOP_WAIT, () -> currentSubscriber.link() == RedisSubscriber.Link.UP);
            currentSubscriber.stop(STOP_WAIT);
            LOG.info("Redis bus closed: published={}, received={}, dropped={}", publishedCount(), receivedCount(),
                    droppedCount());
        }
    }

    /** Messages handed to Redis. */
    public long publishedCount() {
        return counters.published.sum();
    }

    /** Messages delivered to the listener, this node's own echoes included. */
    public long receivedCount() {
        return counters.received.sum();
    }

    /** Messages dropped: queue full, link down (also those still queued when it broke), closed, or a failed send. */
    public long droppedCount() {
        return counters.dropped.sum();
    }

    /** Listener calls that threw (delivery went on). */
    public long listenerFailureCount() {
        return counters.listenerFailures.sum();
    }

    /** Messages waiting in the publish queue, at most {@link RedisBusOptions#publishQueueCapacity()}. */
    public int pendingCount() {
        RedisPublisher current = publisher;
        return current == null ? 0 : current.pending();
    }

    /** The options this bus runs with. */
    public RedisBusOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "RedisBus[" + options.endpoint() + ", channel=" + options.channel() + "]";
    }
}
