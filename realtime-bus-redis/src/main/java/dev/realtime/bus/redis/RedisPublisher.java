package dev.realtime.bus.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The bus's publisher thread: drains a bounded queue and sends what it finds to Redis in pipelined batches,
 * so callers never wait for Redis. Nothing is sent before the node's first subscription is confirmed. A batch
 * that fails is dropped and counted, never retried: a retry could deliver a message twice. Between messages it
 * pings the subscription (see {@link RedisBusOptions#healthCheckInterval()}).
 */
final class RedisPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPublisher.class);
    private static final int MAX_BATCH = 256;

    private final RedisClients clients;
    private final byte[] channel;
    private final String endpoint;
    private final RedisBusCounters counters;
    private final BlockingQueue<byte[]> queue;
    private final Runnable healthCheck;
    private final long healthCheckNanos;
    private final ReconnectBackoff backoff;
    private volatile boolean stopping;
    private volatile boolean connectionStale;
    private volatile boolean connectNow;
    private final CountDownLatch subscribedOnce = new CountDownLatch(1);
    private Jedis connection; // publisher thread only
    private boolean failing; // publisher thread only
    private long nextConnectAttempt = System.nanoTime(); // publisher thread only
    private Thread thread;

    RedisPublisher(RedisClients clients, RedisBusOptions options, RedisBusCounters counters, Runnable healthCheck) {
        this.clients = clients;
        this.channel = options.channel().getBytes(StandardCharsets.UTF_8);
        this.endpoint = options.endpoint().toString();
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(options.publishQueueCapacity());
        this.healthCheck = healthCheck;
        this.healthCheckNanos = options.healthCheckInterval().toNanos();
        this.backoff = new ReconnectBackoff(options.reconnectBackoffMin(), options.reconnectBackoffMax());
    }

    void start() {
        thread = new Thread(this::run, "realtime-redis-bus-pub");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a message without waiting; false (and counted as dropped) when the queue is full. */
    boolean offer(byte[] message) {
        if (queue.offer(message)) {
            return true;
        }
        counters.dropped.increment();
        return false;
    }

    /** Messages waiting in the queue. */
    int pending() {
        return queue.size();
    }

    /**
     * The link broke. What is still queued is dropped now rather than delivered late, after the re-announcement
     * that follows the reconnection; the next batch goes over a fresh connection.
     */
    void linkLost() {
        connectionStale = true;
        long discarded = 0;
        while (queue.poll() != null) {
            discarded++;
        }
        counters.dropped.add(discarded);
    }

    /**
     * The subscription is confirmed. The first time, this opens the gate: nothing is sent before this node can
     * hear the answers to it. After an outage, the next batch may connect at once, whatever the backoff says,
     * so that what the engine re-announces is not dropped by a wait left over from the outage.
     */
    void linkUp() {
        connectNow = true;
        subscribedOnce.countDown();
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>(MAX_BATCH);
        long nextPing = System.nanoTime() + healthCheckNanos;
        while (!stopping) {
            if (!subscribedOnce()) {
                continue;
            }
            byte[] first;
            try {
                first = queue.poll(Math.max(0, nextPing - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue; // stop() interrupts to wake us; the loop condition decides
            }
            if (System.nanoTime() - nextPing >= 0) {
                healthCheck.run();
                nextPing = System.nanoTime() + healthCheckNanos;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
                batch.clear();
            }
        }
    }

    private boolean subscribedOnce() {
        try {
            return subscribedOnce.await(healthCheckNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return false; // stop() interrupts to wake us; the loop condition decides
        }
    }

    private void send(List<byte[]> batch) {
        if (connectionStale) {
            connectionStale = false;
            closeConnection();
        }
        if (connection == null && !connect()) {
            counters.dropped.add(batch.size());
            return;
        }
        try {
            Pipeline pipeline = connection.pipelined();
            List<Response<Long>> replies = new ArrayList<>(batch.size());
            for (byte[] message : batch) {
                replies.add(pipeline.publish(channel, message));
            }
            pipeline.sync();
            countReplies(replies);
        } catch (RuntimeException e) {
            counters.dropped.add(batch.size());
            failed("publishing " + batch.size() + " messages", e);
            closeConnection();
        }
    }

    // A pipeline reports a refused command (such as NOPERM) in its reply, not by throwing from sync().
    private void countReplies(List<Response<Long>> replies) {
        JedisDataException refusal = null;
        int refused = 0;
        for (Response<Long> reply : replies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                refused++;
                refusal = e;
            }
        }
        counters.published.add(replies.size() - refused);
        counters.dropped.add(refused);
        if (refusal == null) {
            recovered();
        } else {
            failed("publishing " + refused + " messages", refusal);
        }
    }

    // One warning when publishing starts failing, one note when it works again: a broken setup (a refused
    // password, a missing ACL permission) must be visible without flooding the log with every batch.
    private void failed(String what, RuntimeException e) {
        if (failing) {
            LOG.debug("{} on Redis bus {} failed again: {}", what, endpoint, RedisErrors.describe(e));
        } else {
            failing = true;
            LOG.warn("{} on Redis bus {} failed; dropping until it works again: {}", what, endpoint,
                    RedisErrors.describe(e));
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("publishing on Redis bus {} works again", endpoint);
        }
    }

    private boolean connect() {
        long now = System.nanoTime();
        if (connectNow) {
            connectNow = false;
        } else if (now - nextConnectAttempt < 0) {
            return false;
        }
        try {
            connection = clients.publisher();
            backoff.reset();
            return true;
        } catch (RuntimeException e) {
            nextConnectAttempt = now + backoff.nextDelay().toNanos();
            failed("connecting the publisher", e);
            return false;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the publisher connection failed", e);
            }
            connection = null;
        }
    }

    /**
     * Stops the thread. While {@code linkIsUp} holds, what is still queued is sent first (a node's last words,
     * such as a goodbye, should reach the others); otherwise it is dropped.
     */
    void stop(Duration wait, BooleanSupplier linkIsUp) {
        stopping = true;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Redis bus publisher did not stop within {}", wait);
            return;
        }
        flush(linkIsUp.getAsBoolean());
        closeConnection();
    }

    private void flush(boolean linkUp) {
        List<byte[]> batch = new ArrayList<>(MAX_BATCH);
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            if (linkUp) {
                send(batch);
            } else {
                counters.dropped.add(batch.size());
            }
            batch.clear();
        }
    }
}
