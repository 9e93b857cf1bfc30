package dev.realtime.testkit;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's stand-in for {@link TransportContract}: token {@code good} is alice, {@code expired} is refused
 * as expired, a missing token needs authentication, any other is invalid. Event {@code echo} acks its data,
 * {@code refuse} is refused as forbidden, {@code boom} throws, {@code kick} closes the connection as kicked;
 * any other event is answered with a {@code got} event. Every call is recorded.
 */
final class ContractGateway implements ConnectionGateway {
    final Map<String, ConnectionChannel> channels = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Long> heartbeats = new CopyOnWriteArrayList<>();
    final Map<String, CloseReason> closed = new ConcurrentHashMap<>();
    /** Connection ids in the order the transport registered them. */
    final List<String> registered = new CopyOnWriteArrayList<>();
    final List<Credentials> credentials = new CopyOnWriteArrayList<>();

    @Override
    public Principal authenticate(Credentials c) {
        credentials.add(c);
        if (c.token() == null) {
            throw new RealtimeException(ErrorCode.AUTH_REQUIRED, "authentication required");
        }
        switch (c.token()) {
            case "good":
                return Principal.user("alice", "sess-1");
            case "expired":
                throw new RealtimeException(ErrorCode.TOKEN_EXPIRED, "token expired");
            default:
                throw new RealtimeException(ErrorCode.INVALID_TOKEN, "invalid token");
        }
    }

    @Override
    public Session register(String id, Principal principal, Credentials c, TransportKind kind,
                            ConnectionChannel channel) {
        ConnectionIds.requireValid(id);
        if (channels.putIfAbsent(id, channel) != null) {
            throw new IllegalArgumentException("connection id already in use: " + id);
        }
        registered.add(id);
        return new ContractSession(new ConnectionInfo(id, principal.userId(), principal.sessionId(), false, kind,
                "node", c.ip(), c.userAgent(), Map.of(), Instant.now(), -1, null));
    }

    /** The id of the {@code n}th registered connection, from 1. */
    String id(int n) {
        return registered.get(n - 1);
    }

    @Override
    public void activate(Session session) {
        ConnectionChannel channel = channels.get(session.id());
        if (channel != null) {
            channel.send(new OutboundEvent("connected", Map.of("socketId", session.id())));
        }
    }

    @Override
    public void event(Session session, InboundEvent event) {
        events.add(session.id() + ":" + event.name());
        switch (event.name()) {
            case "echo":
                channels.get(session.id()).sendAck(event.ackId(), AckReply.ok(event.data()));
                return;
            case "boom":
                throw new IllegalStateException("handler bug (expected by the contract test)");
            case "refuse":
                throw new RealtimeException(ErrorCode.FORBIDDEN, "not allowed");
            case "kick":
                channels.get(session.id()).close(CloseReason.KICKED);
                return;
            default:
                channels.get(session.id()).send(new OutboundEvent("got", Map.of("name", event.name())));
        }
    }

    @Override
    public void heartbeat(Session session, long roundTripMillis) {
        heartbeats.add(roundTripMillis);
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        channels.remove(session.id());
        closed.putIfAbsent(session.id(), reason);
    }

    private record ContractSession(ConnectionInfo info) implements Session {
        @Override
        public String id() {
            return info.id();
        }
    }
}
