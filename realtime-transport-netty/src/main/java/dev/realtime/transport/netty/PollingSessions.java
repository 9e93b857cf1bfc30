package dev.realtime.transport.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The long-polling sessions of one transport, by Engine.IO session id, until they end or upgrade. */
final class PollingSessions {
    private final Map<String, PollingSession> sessions = new ConcurrentHashMap<>();
    private final NettyTransportOptions options;

    PollingSessions(NettyTransportOptions options) {
        this.options = options;
    }

    NettyTransportOptions options() {
        return options;
    }

    void add(PollingSession session) {
        sessions.put(session.sid, session);
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
}
