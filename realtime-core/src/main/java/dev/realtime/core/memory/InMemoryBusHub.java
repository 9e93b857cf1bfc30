package dev.realtime.core.memory;

import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.bus.BusListener;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects several engines in one JVM as if they shared a cluster bus. A hub with a single node is the
 * single-node default: publishing reaches nobody else. Each node gets its own bounded inbox and delivery
 * thread, so a slow node never blocks a publisher.
 */
public final class InMemoryBusHub {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryBusHub.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final CopyOnWriteArrayList<Node> nodes = new CopyOnWriteArrayList<>();
    private final int inboxCapacity;

    public InMemoryBusHub() {
        this(65_536);
    }

    /** @param inboxCapacity messages a node may have waiting before further ones are dropped */
    public InMemoryBusHub(int inboxCapacity) {
        if (inboxCapacity < 1) {
            throw new IllegalArgumentException("inboxCapacity must be >= 1");
        }
        this.inboxCapacity = inboxCapacity;
    }

    /** A new node attached to this hub. */
    public Bus newNode() {
        return new Node();
    }

    /** A bus for one node alone: the single-node default. */
    public static Bus singleNode() {
        return new InMemoryBusHub(1).newNode();
    }

    private final class Node implements Bus {
        private final BlockingQueue<byte[]> inbox = new ArrayBlockingQueue<>(inboxCapacity);
        private final AtomicLong dropped = new AtomicLong();
        private volatile BusListener listener;
        private volatile boolean closed;
        private Thread deliverer;

        @Override
        public String name() {
            return "local";
        }

        @Override
        public synchronized void start(BusListener busListener) {
            if (listener != null) {
                throw new IllegalStateException("bus already started");
            }
            listener = Objects.requireNonNull(busListener, "listener");
            if (closed) {
                return;
            }
            nodes.add(this);
            deliverer = new Thread(this::deliverLoop, "realtime-local-bus");
            deliverer.setDaemon(true);
            deliverer.start();
        }

        private void deliverLoop() {
            while (!closed) {
                try {
                    byte[] message = inbox.poll(100, TimeUnit.MILLISECONDS);
                    if (message != null && !closed) {
                        listener.onMessage(message);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("bus listener failed on a message; continuing", e);
                }
            }
        }

        @Override
        public boolean publish(byte[] message) {
            Objects.requireNonNull(message, "message");
            if (closed) {
                return false;
            }
            boolean all = true;
            for (Node node : nodes) {
                if (node != this && !node.inbox.offer(message)) {
                    node.dropped.incrementAndGet();
                    all = false;
                }
            }
            return all;
        }

        @Override
        public boolean isConnected() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
            nodes.remove(this);
            Thread t;
            synchronized (this) {
                t = deliverer;
            }
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
                awaitEnd(t);
            }
        }

        /** Waits for a delivery in progress to finish, so that no listener call happens after close returns. */
        private void awaitEnd(Thread t) {
            try {
                t.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("bus listener still busy {} ms after close", CLOSE_WAIT_MILLIS);
            }
        }
    }
}
