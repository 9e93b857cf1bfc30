package dev.realtime.transport.netty;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of one transport: what the heartbeat sweep visits and what stop closes. */
final class ConnectionRegistry {
    private final Set<NettyConnection> open = ConcurrentHashMap.newKeySet();

    void add(NettyConnection connection) {
        open.add(connection);
    }

    void remove(NettyConnection connection) {
        open.remove(connection);
    }

    int size() {
        return open.size();
    }

    Collection<NettyConnection> all() {
        return Collections.unmodifiableSet(open);
    }
}
