package dev.realtime.core.spi.transport;

/**
 * Why a connection ends, with the WebSocket close code a transport should use.
 *
 * @param code    WebSocket close code
 * @param message short reason, safe to send to the client
 */
public record CloseReason(int code, String message) {
    public static final CloseReason NORMAL = new CloseReason(1000, "normal closure");
    public static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");
    public static final CloseReason POLICY = new CloseReason(1008, "policy violation");
    public static final CloseReason TOO_BIG = new CloseReason(1009, "message too big");
    public static final CloseReason SLOW_READER = new CloseReason(1008, "outbound buffer overflow");
    public static final CloseReason TIMEOUT = new CloseReason(1001, "heartbeat timeout");
    public static final CloseReason KICKED = new CloseReason(1008, "disconnected by server");
    public static final CloseReason CLIENT = new CloseReason(1000, "client closed");
    /** The token expired without an {@code auth:refresh}: an application code, so clients can tell it apart. */
    public static final CloseReason TOKEN_EXPIRED = new CloseReason(4001, "TOKEN_EXPIRED");
    /** The user's tokens were revoked by an administrator. */
    public static final CloseReason TOKEN_REVOKED = new CloseReason(4003, "TOKEN_REVOKED");
}
