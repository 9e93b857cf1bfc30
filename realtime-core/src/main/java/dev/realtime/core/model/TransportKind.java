package dev.realtime.core.model;

/** The protocol a connection speaks; informational, the engine treats all alike. */
public enum TransportKind {
    SOCKET_IO, WEBSOCKET_JSON, IN_PROCESS;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
