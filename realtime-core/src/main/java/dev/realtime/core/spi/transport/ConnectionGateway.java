package dev.realtime.core.spi.transport;

import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;

/**
 * The engine as a transport sees it. A connection goes through {@link #authenticate}, then
 * {@link #open}, then any number of {@link #event}/{@link #heartbeat} calls, then exactly one
 * {@link #closed}.
 *
 * <p>Guarantees: every method is thread-safe, works from memory only and never blocks on I/O, so it may be
 * called on a transport I/O thread. Events of one session must be delivered in order (one thread at a time
 * per session). Refusals are thrown as {@link RealtimeException} with a client-safe code and message;
 * no other exception escapes.
 */
public interface ConnectionGateway {
    /**
     * Checks the credentials of a connecting client.
     *
     * @throws RealtimeException {@code AUTH_REQUIRED}, {@code INVALID_TOKEN}, {@code TOKEN_EXPIRED},
     *                           {@code RATE_LIMITED} (too many connections from this address)
     */
    Principal authenticate(Credentials credentials);

    /**
     * Registers an authenticated connection and sends it the {@code connected} and (when not anonymous)
     * {@code authenticated} events through {@code channel}. The transport must have completed its own
     * handshake (for Socket.IO: written the CONNECT reply) before calling this.
     *
     * @throws RealtimeException {@code UNAVAILABLE} when the connection limit is reached or the engine is
     *                           stopping
     */
    Session open(Principal principal, Credentials credentials, TransportKind kind, ConnectionChannel channel);

    /** Hands the engine one decoded client event; the answer (ack or error event) goes out via the channel. */
    void event(Session session, InboundEvent event);

    /** Reports a heartbeat round trip, the connection's measured latency. */
    void heartbeat(Session session, long roundTripMillis);

    /** Reports that the connection is gone, for whatever reason. Idempotent. */
    void closed(Session session, CloseReason reason);
}
