package dev.realtime.transport.common.internal.connection;

/** The meters a transport keeps for what happens inside its connections. */
public interface ProtocolMetrics {
    /** An unexpected exception was contained in a handler. */
    void handlerError();

    /** A connection was dropped because its unsent output passed the bound. */
    void slowReaderClosed();

    /** A connection was closed for not authenticating in time. */
    void authTimeout();
}
