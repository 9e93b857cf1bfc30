package dev.realtime.transport.netty;

import dev.realtime.transport.common.internal.HandshakeFacts;
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
        /** A WebSocket for an existing long-polling Socket.IO session ({@link #sid()}), to upgrade it. */
        SOCKET_IO_UPGRADE,
        /** Engine.IO long-polling: a handshake (no sid), a poll (GET) or packets from the client (POST). */
        POLLING,
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
            String transport = params.get("transport");
            sid = params.get("sid");
            if ("polling".equals(transport)) {
                kind = Kind.POLLING;
            } else if ("websocket".equals(transport)) {
                if (!upgrade) {
                    return refuse(400, 3, "Bad request: a WebSocket upgrade is required");
                }
                kind = sid == null ? Kind.SOCKET_IO_WEBSOCKET : Kind.SOCKET_IO_UPGRADE;
            } else {
                return refuse(400, 0, "Transport unknown");
            }
        } else if (path.equals(JSON_PATH) || path.equals(JSON_PATH + "/")) {
            if (!upgrade) {
                return refuse(400, 3, "Bad request: a WebSocket upgrade is required");
            }
            kind = Kind.JSON_WEBSOCKET;
        } else {
            return refuse(404, 0, "Not found: connect to " + SOCKET_IO_PATH + " or " + JSON_PATH);
        }
        if (origin != null && !origin.isBlank() && !options.allowsOrigin(origin)) {
            return refuse(403, 4, "Forbidden: origin not allowed");
        }
        return new Route(kind, 200, -1, null, sid);
    }
}
