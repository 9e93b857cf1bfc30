package dev.realtime.core.spi.transport;

/**
 * The transport's side of one open connection, handed to the engine when it opens.
 *
 * <p>Guarantees: every method is thread-safe and never blocks: it only queues. A channel whose queued,
 * unsent output passes the transport's bound is closed by the transport (the engine later receives
 * {@link ConnectionGateway#closed}); it never grows the heap without limit. Calls after close are ignored.
 */
public interface ConnectionChannel {
    /** The transport that owns this channel; the engine groups fan-out recipients by it. */
    Transport transport();

    /** Queues one event for this connection. */
    void send(OutboundEvent event);

    /** Queues the answer to the client event that carried {@code ackId}. */
    void sendAck(long ackId, AckReply reply);

    /** Closes the connection with the given reason. */
    void close(CloseReason reason);
}
