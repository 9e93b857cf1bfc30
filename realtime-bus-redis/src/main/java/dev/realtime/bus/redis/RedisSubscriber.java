package dev.realtime.bus.redis;

import dev.realtime.core.spi.bus.BusListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * The bus's subscriber thread: keeps one subscription to the channel alive, hands each message to the listener
 * and owns the link state. When the subscription breaks it reports {@link BusListener#onDisconnected} once,
 * reconnects with exponential backoff and, once subscribed again, reports {@link BusListener#onReconnected}.
 */
final class RedisSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);

    /** What the bus knows about its link to Redis. */
    enum Link {
        /** Started, first subscription not confirmed yet. */
        CONNECTING,
        /** Subscribed. */
        UP,
        /** Lost; {@link BusListener#onDisconnected} has been called. */
        DOWN
    }

    private final RedisClients clients;
    private final byte[] channel;
    private final String endpoint;
    private final BusListener listener;
    private final RedisBusCounters counters;
    private final Runnable onLinkLost;
    private final Runnable onLinkUp;
    private final ReconnectBackoff backoff;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    // Guards every write to the subscribed connection after SUBSCRIBE: pings and the final UNSUBSCRIBE.
    private final Object writeLock = new Object();
    private Subscription current;
    private volatile boolean stopping;
    private volatile Link link = Link.CONNECTING;
    private Thread thread;

    /**
     * @param onLinkLost runs on this thread when the link breaks, before the listener hears of it
     * @param onLinkUp   runs on this thread when a subscription is confirmed, before the listener hears of it
     */
    RedisSubscriber(RedisClients clients, RedisBusOptions options, BusListener listener, RedisBusCounters counters,
            Runnable onLinkLost, Runnable onLinkUp) {
        this.clients = clients;
        this.channel = options.channel().getBytes(StandardCharsets.UTF_8);
        this.endpoint = options.endpoint().toString();
        this.listener = listener;
        this.counters = counters;
        this.onLinkLost = onLinkLost;
        this.onLinkUp = onLinkUp;
        this.backoff = new ReconnectBackoff(options.reconnectBackoffMin(), options.reconnectBackoffMax());
    }

    void start() {
        thread = new Thread(this::run, "realtime-redis-bus-sub");
        thread.setDaemon(true);
        thread.start();
    }

    Link link() {
        return link;
    }

    private void run() {
        try {
            subscribeUntilStopped();
        } finally {
            if (!stopping) {
                // Only an Error gets here; report the link down so health checks show it.
                link = Link.DOWN;
                LOG.error("Redis bus subscriber thread ended unexpectedly; this node is cut off the cluster");
            }
        }
    }

    private void subscribeUntilStopped() {
        while (!stopping) {
            try (Jedis jedis = clients.subscriber()) {
                Subscription subscription = new Subscription(jedis);
                synchronized (writeLock) {
                    if (stopping) {
                        return;
                    }
                    current = subscription;
                }
                jedis.subscribe(subscription, channel);
                if (!stopping) {
                    linkLost("the subscription ended");
                }
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                linkLost(RedisErrors.describe(e));
                pause(backoff.nextDelay());
            } finally {
                synchronized (writeLock) {
                    current = null;
                }
            }
        }
    }

    private void linkLost(String reason) {
        onLinkLost.run();
        if (link == Link.DOWN) {
            LOG.debug("Redis bus {} still unreachable: {}", endpoint, reason);
            return;
        }
        link = Link.DOWN;
        LOG.warn("Redis bus {} unreachable ({}); cluster messages are dropped until it is back", endpoint, reason);
        notifyListener("onDisconnected", listener::onDisconnected);
    }

    private void linkUp() {
        backoff.reset();
        onLinkUp.run();
        Link before = link;
        link = Link.UP;
        if (before == Link.DOWN) {
            LOG.info("Redis bus {} reconnected", endpoint);
            notifyListener("onReconnected", listener::onReconnected);
        } else {
            LOG.info("Redis bus subscribed on {}", endpoint);
        }
    }

    private void notifyListener(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("bus listener failed in {}; continuing", what, e);
        }
    }

    private void pause(Duration delay) {
        try {
            stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Asks Redis for a PONG on the subscription, whose arrival keeps the subscription's read timeout away. */
    void ping() {
        synchronized (writeLock) {
            Subscription subscription = current;
            if (subscription == null || !subscription.confirmed || stopping) {
                return;
            }
            try {
                subscription.ping();
            } catch (RuntimeException e) {
                LOG.debug("ping on the subscription failed; the subscriber thread will notice", e);
            }
        }
    }

    /**
     * Unsubscribes and waits for the thread to end, so that the listener is not called after this returns.
     * A subscription that does not end in time is cut by closing its socket.
     */
    void stop(Duration wait) {
        stopping = true;
        stopSignal.countDown();
        synchronized (writeLock) {
            Subscription subscription = current;
            if (subscription != null && subscription.confirmed) {
                try {
                    subscription.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("unsubscribe failed; closing the connection instead", e);
                }
            }
        }
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        if (!join(t, wait)) {
            forceDisconnect();
            if (!join(t, wait)) {
                LOG.warn("Redis bus subscriber did not stop within {}", wait.multipliedBy(2));
            }
        }
    }

    private void forceDisconnect() {
        synchronized (writeLock) {
            if (current != null) {
                current.jedis.disconnect();
            }
        }
    }

    private static boolean join(Thread t, Duration wait) {
        try {
            t.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** One subscription on one connection; a new one per connection attempt. */
    private final class Subscription extends BinaryJedisPubSub {
        private final Jedis jedis;
        private boolean confirmed; // guarded by writeLock

        Subscription(Jedis jedis) {
            this.jedis = jedis;
        }

        @Override
        public void onSubscribe(byte[] subscribedChannel, int subscribedChannels) {
            synchronized (writeLock) {
                confirmed = true;
                if (stopping) {
                    unsubscribe();
                    return;
                }
            }
            linkUp();
        }

        @Override
        public void onMessage(byte[] messageChannel, byte[] message) {
            if (stopping) {
                return;
            }
            counters.received.increment();
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                counters.listenerFailures.increment();
                LOG.warn("bus listener failed on a message; continuing", e);
            }
        }

        @Override
        public void onPong(byte[] pattern) {
            // Nothing to do: reading the answer is what proves the link alive.
        }
    }
}
