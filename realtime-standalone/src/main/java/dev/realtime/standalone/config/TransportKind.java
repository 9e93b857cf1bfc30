package dev.realtime.standalone.config;

/** Which transport serves the client port ({@code REALTIME_TRANSPORT}). */
public enum TransportKind {
    /** Netty: Engine.IO long-polling, the upgrade and WebSocket on one port, so a default {@code io(url)} connects. */
    NETTY("netty"),
    /** Java-WebSocket: WebSocket only; Socket.IO clients must pass {@code transports: ["websocket"]}. */
    JAVA_WEBSOCKET("java-websocket");

    private final String wireName;

    TransportKind(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code REALTIME_TRANSPORT} that chooses it. */
    public String wireName() {
        return wireName;
    }

    static TransportKind fromWireName(String value) {
        for (TransportKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
