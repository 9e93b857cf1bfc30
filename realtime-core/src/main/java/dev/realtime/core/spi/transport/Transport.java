package dev.realtime.core.spi.transport;

import java.util.List;

/**
 * A way for clients to reach the engine (WebSocket server, in-process test transport, ...).
 *
 * <p>Lifecycle: the engine calls {@link #start} once when it starts, passing the gateway the transport
 * reports connections and events to, and {@link #stop} once when it stops. The transport calls the gateway
 * from its own threads; gateway calls never block on I/O.
 */
public interface Transport {
    /** Starts accepting connections; returns once the transport is ready. */
    void start(ConnectionGateway gateway);

    /**
     * Writes one event to many of this transport's channels. The transport should encode the event once
     * ({@link OutboundEvent#encoded}) and write the same bytes to every recipient. Never blocks; a
     * recipient that cannot take more output is closed, not waited for.
     *
     * @param recipients channels created by this transport; the list must not be kept after the call
     */
    void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients);

    /** Stops accepting, closes open connections with {@link CloseReason#GOING_AWAY}, releases threads. */
    void stop();
}
