package dev.realtime.core.spi.bus;

/**
 * Cluster publish/subscribe between engine nodes. The engine encodes each cluster event once to bytes and
 * publishes it; the bus carries the bytes opaquely.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #publish} never blocks: it queues into a bounded buffer or drops (and returns false);</li>
 *   <li>a message is delivered at most once to each other node's listener, and messages of one publisher
 *       arrive in publish order;</li>
 *   <li>a bus may also deliver a node's own messages back to it; the engine ignores them;</li>
 *   <li>while the link is down, {@link BusListener#onDisconnected} has been called and publishing drops;
 *       when it returns, {@link BusListener#onReconnected} is called;</li>
 *   <li>after {@link #close} no listener call happens and publishing is a no-op.</li>
 * </ul>
 */
public interface Bus extends AutoCloseable {
    /** Short name for health reports, such as {@code local} or {@code redis}. */
    String name();

    /** Starts delivering other nodes' messages to {@code listener}. Called once. */
    void start(BusListener listener);

    /** Queues {@code message} for every other node; false when it was dropped. */
    boolean publish(byte[] message);

    /** True while the link to the other nodes works. */
    boolean isConnected();

    @Override
    void close();
}
