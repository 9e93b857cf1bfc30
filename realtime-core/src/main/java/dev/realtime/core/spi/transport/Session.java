package dev.realtime.core.spi.transport;

import dev.realtime.core.model.ConnectionInfo;

/**
 * The engine's handle to an open connection, returned by {@link ConnectionGateway#register}; the transport
 * passes it back with every event of that connection.
 */
public interface Session {
    /** The connection id, also the Socket.IO {@code sid} the client sees. */
    String id();

    /** Current facts about the connection. */
    ConnectionInfo info();

    /**
     * The Socket.IO connection state recovery session id ({@code pid} of the CONNECT reply), or null when this
     * connection cannot be recovered. A reconnecting socket.io-client sends it back with its last offset; the same
     * pid in the reply tells it that it was recovered.
     */
    default String recoveryPid() {
        return null;
    }
}
