package dev.realtime.core.spi.transport;

import dev.realtime.core.model.ConnectionInfo;

/**
 * The engine's handle to an open connection, returned by {@link ConnectionGateway#open}; the transport
 * passes it back with every event of that connection.
 */
public interface Session {
    /** The connection id, also the Socket.IO {@code sid} the client sees. */
    String id();

    /** Current facts about the connection. */
    ConnectionInfo info();
}
