package dev.realtime.transport.netty;

import dev.realtime.transport.common.HandshakeFacts;
import java.util.Map;

/**
 * Where one HTTP request goes, decided from its target and origin alone; a refusal carries the HTTP status
 * and an Engine.IO style error code and message, so that a client learns why.
 *
 * @param kind       what to do with the request
 * @param status     HTTP status of a refusal
 * @param engineCode Engine.IO error code of a refusal (0 unknown transport, 1 unknown sid, 3 bad request,
 *                   4 forbidden, 5 unsupported protocol version)
 * @param message    why it was refused
 * @param sid        the Engine.IO session id of a polling request or an upgrade, else null
 */
record Route(Kind kind, int status, int engineCode, String message, String sid) {
    static final String SOCKET_IO_PATH = "/socket.io/";
    static final String JSON_PATH = "/ws";

    /** What a request asks for. */
    enum Kind {
        /** A WebSocket for Socket.IO, opened directly. */
        SOCKET_IO_WEBSOCKET,
        /** A WebSocket for the plain JSON protocol. */
        JSON_WEBSOCKET,
        /** Refused: answer {@link #status()} and close. */
        REFUSED
    }

    static Route refuse(int status, int engineCode, String message) {
        return new Route(Kind.REFUSED, status, engineCode, message, null);
    }

    boolean refused() {
        return kind == Kind.REFUSED;
    }

    /**
     * Routes a request.
     *
     * @param target  the request target (path and query)
     * @param origin  the {@code Origin} header, or null (non-browser clients send none)
     * @param upgrade true when the request asks for a WebSocket upgrade
     */
    static Route of(String target, String origin, boolean upgrade, NettyTransportOptions options) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Kind kind;
        String sid = null;
        if (path.equals(SOCKET_IO_PATH) || path.equals("/socket.io")) {
            Map<String, String> params = HandshakeFacts.query(q < 0 ? "" : target.substring(q + 1));
            if (!"4".equals(params.get("EIO"))) {
                return refuse(400, 5, "Unsupported protocol version: Engine.IO 4 (socket.io-client 3.x/4.x) "
                        + "is required");
            }
            if (!"websocket".equals(params.get("transport"))) {
                return refuse(400, 0, "Transport unknown: only the websocket transport is served; "
                        + "connect with io(url, { transports: [\"websocket\"] })");
            }
            sid = params.get("sid");
            if (sid != null) {
                return refuse(400, 1, "Session ID unknown");
            }
            kind = Kind.SOCKET_IO_WEBSOCKET;
        } else if (path.equals(JSON_PATH) || path.equals(JSON_PATH + "/")) {
            kind = Kind.JSON_WEBSOCKET;
        } else {
            return refuse(404, 0, "Not found: connect to " + SOCKET_IO_PATH + " or " + JSON_PATH);
        }
        if (origin != null && !origin.isBlank() && !options.allowsOrigin(origin)) {
            return refuse(403, 4, "Forbidden: origin not allowed");
        }
        if (!upgrade) {
            return refuse(400, 3, "Bad request: a WebSocket upgrade is required");
        }
        return new Route(kind, 101, -1, null, sid);
    }
}
