package dev.realtime.transport.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-polling sessions of one transport, by Engine.IO session id, until they end or upgrade; and how
 * many of them still wait for credentials, which is bounded.
 */
final class PollingSessions {
    private final Map<String, PollingSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicInteger waitingPolls = new AtomicInteger();
    private final NettyTransportOptions options;

    PollingSessions(NettyTransportOptions options) {
        this.options = options;
    }

    NettyTransportOptions options() {
        return options;
    }

    /**
     * Registers a new session, which counts as waiting for credentials until {@link #authenticated}.
     *
     * @return false when too many sessions wait for credentials already: the handshake is refused
     */
    boolean add(PollingSession session) {
        if (unauthenticated.incrementAndGet() > options.maxUnauthenticatedPollingSessions()) {
            unauthenticated.decrementAndGet();
            return false;
        }
        sessions.put(session.sid, session);
        return true;
    }

    /** A session stopped waiting for credentials (it authenticated or ended). Called once per session. */
    void authenticated() {
        unauthenticated.decrementAndGet();
    }

    /** The session, or null when the id is unknown (never issued, ended or upgraded). */
    PollingSession get(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    void remove(PollingSession session) {
        sessions.remove(session.sid, session);
    }

    int size() {
        return sessions.size();
    }

    /** A poll started ({@code +1}) or stopped ({@code -1}) waiting for packets. */
    void pollWaiting(int delta) {
        waitingPolls.addAndGet(delta);
    }

    /** Polls (GET requests) held open until packets arrive. */
    int waitingPolls() {
        return waitingPolls.get();
    }
}
