package dev.realtime.transport.netty;

import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of one transport: what the heartbeat sweep visits and what stop closes. */
final class ConnectionRegistry {
    private final Set<ProtocolConnection> open = ConcurrentHashMap.newKeySet();

    void add(ProtocolConnection connection) {
        open.add(connection);
    }

    void remove(ProtocolConnection connection) {
        open.remove(connection);
    }

    /** Tells {@code connection} it is gone (the reason it was closed for, else {@code fallback}) and forgets it. */
    void closed(ProtocolConnection connection, dev.realtime.core.spi.transport.CloseReason fallback) {
        connection.closed(fallback);
        open.remove(connection);
    }

    int size() {
        return open.size();
    }

    Collection<ProtocolConnection> all() {
        return Collections.unmodifiableSet(open);
    }
}
