package dev.realtime.core.spi.transport;

import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;

/**
 * The engine as a transport sees it. A connection goes through {@link #authenticate}, {@link #register} (under an
 * id the transport chose), the transport's own handshake answer, {@link #activate}, then any number of
 * {@link #event}/{@link #heartbeat} calls, then exactly one {@link #closed} (which may come at any point after
 * {@link #register}).
 *
 * <p>Registering first lets the transport put the connection id and the recovery id ({@link Session#id()},
 * {@link Session#recoveryPid()}) into its handshake answer (Socket.IO: the CONNECT reply); the engine sends
 * nothing on the channel and delivers no room traffic to it until {@link #activate}, so the client always
 * sees the transport's answer first, then {@code connected}, {@code authenticated} and any recovered messages.
 *
 * <p>Guarantees: every method is thread-safe, works from memory only and never blocks on I/O, so it may be
 * called on a transport I/O thread. Calls of one session must come one at a time, in order. Refusals are thrown
 * as {@link RealtimeException} with a client-safe code and message; otherwise only
 * {@link IllegalArgumentException}/{@link IllegalStateException} for a transport that breaks this contract.
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
     * Admits an authenticated connection under {@code connectionId} and settles its recovery (a reconnecting
     * Socket.IO client's parked rooms are claimed); sends nothing yet. The transport then writes its own
     * handshake answer and calls {@link #activate}, or {@link #closed} if it cannot.
     *
     * @param connectionId chosen by the transport, see {@link ConnectionIds}
     * @throws RealtimeException        {@code UNAVAILABLE} when the connection limit is reached or the engine is
     *                                  stopping
     * @throws IllegalArgumentException when {@code connectionId} is malformed or already in use
     */
    Session register(String connectionId, Principal principal, Credentials credentials, TransportKind kind,
                     ConnectionChannel channel);

    /**
     * The transport's handshake answer is out: the connection joins the node (counted, findable, recovered rooms
     * rejoined) and gets {@code connected}, (when not anonymous) {@code authenticated}, then any missed messages.
     * Does nothing for a session already closed.
     *
     * @throws IllegalStateException when called twice for one session
     */
    void activate(Session session);

    /** Hands the engine one decoded client event; the answer (ack or error event) goes out via the channel. */
    void event(Session session, InboundEvent event);

    /** Reports a heartbeat round trip, the connection's measured latency. */
    void heartbeat(Session session, long roundTripMillis);

    /** Reports that the connection is gone, for whatever reason; also before {@link #activate}. Idempotent. */
    void closed(Session session, CloseReason reason);
}
