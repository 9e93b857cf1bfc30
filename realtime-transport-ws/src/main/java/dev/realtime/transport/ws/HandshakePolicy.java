package dev.realtime.transport.ws;

import dev.realtime.transport.common.internal.HandshakeFacts;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Decides, from the upgrade request alone, whether a connection may open and which protocol it speaks.
 * Refusals carry an HTTP status and an Engine.IO style error body, so that a client learns why.
 */
final class HandshakePolicy {
    static final String SOCKET_IO_PATH = "/socket.io/";
    static final String JSON_PATH = "/ws";

    private final WsTransportOptions options;

    HandshakePolicy(WsTransportOptions options) {
        this.options = options;
    }

    /** The protocol a connection speaks, chosen by its path. */
    enum Route { SOCKET_IO, JSON }

    /** The outcome: a route, or a refusal with the HTTP answer to give. */
    record Decision(Route route, int status, int engineCode, String reason) {
        static Decision accept(Route route) {
            return new Decision(route, 101, -1, null);
        }

        static Decision refuse(int status, int engineCode, String reason) {
            return new Decision(null, status, engineCode, reason);
        }

        boolean accepted() {
            return route != null;
        }
    }

    /**
     * Checks a whole upgrade request head (RFC 6455 section 4.2.1): the route and origin as {@link #check},
     * then that it really is a version 13 WebSocket upgrade. A wrong version is answered 426 with the
     * version this server speaks; any other malformed upgrade 400.
     *
     * @param request the parsed head, or null when it could not be parsed
     */
    Decision check(UpgradeHead.Request request) {
        if (request == null || !"HTTP/1.1".equals(request.version())) {
            return Decision.refuse(400, 3, "Bad request: not an HTTP/1.1 request");
        }
        String upgrade = request.header("upgrade");
        Decision routed = check(request.target(), request.header("origin"),
                upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket"));
        if (!routed.accepted()) {
            return routed;
        }
        if (!"GET".equals(request.method())) {
            return Decision.refuse(400, 3, "Bad request: a WebSocket upgrade is a GET request");
        }
        if (!hasToken(request.header("connection"), "upgrade")) {
            return Decision.refuse(400, 3, "Bad request: a WebSocket upgrade needs Connection: Upgrade");
        }
        if (!SUPPORTED_VERSION.equals(request.header("sec-websocket-version"))) {
            return Decision.refuse(426, 3, "Upgrade required: only WebSocket version " + SUPPORTED_VERSION
                    + " is supported");
        }
        if (!validKey(request.header("sec-websocket-key"))) {
            return Decision.refuse(400, 3, "Bad request: Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return routed;
    }

    /** The WebSocket protocol version this server speaks, as sent back with a 426. */
    static final String SUPPORTED_VERSION = "13";

    private static boolean hasToken(String header, String token) {
        return header != null && Arrays.stream(header.split(","))
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    private static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param resource the request target (path and query)
     * @param origin   the {@code Origin} header, or null (non-browser clients send none)
     * @param upgrade  true when the request asks for a WebSocket upgrade
     */
    Decision check(String resource, String origin, boolean upgrade) {
        String path = resource;
        String query = "";
        int q = resource.indexOf('?');
        if (q >= 0) {
            path = resource.substring(0, q);
            query = resource.substring(q + 1);
        }
        Route route;
        if (path.equals(SOCKET_IO_PATH) || path.equals("/socket.io")) {
            Map<String, String> params = query(query);
            if (!"websocket".equals(params.get("transport"))) {
                return Decision.refuse(400, 3, "Bad request: only the websocket transport is supported; "
                        + "connect with io(url, { transports: [\"websocket\"] })");
            }
            if (!"4".equals(params.get("EIO"))) {
                return Decision.refuse(400, 5, "Unsupported protocol version: Engine.IO 4 (socket.io-client 3.x/4.x) "
                        + "is required");
            }
            route = Route.SOCKET_IO;
        } else if (path.equals(JSON_PATH) || path.equals(JSON_PATH + "/")) {
            route = Route.JSON;
        } else {
            return Decision.refuse(404, 0, "Not found: connect to " + SOCKET_IO_PATH + " or " + JSON_PATH);
        }
        if (origin != null && !origin.isBlank() && !options.allowsOrigin(origin)) {
            return Decision.refuse(403, 4, "Forbidden: origin not allowed");
        }
        if (!upgrade) {
            return Decision.refuse(400, 3, "Bad request: a WebSocket upgrade is required");
        }
        return Decision.accept(route);
    }

    /**
     * The {@code Access-Control-Allow-Origin} value for a refusal answered to {@code origin}, so that a browser
     * script can read why (for example the polling refusal); null when that origin is not allowed.
     */
    String corsOrigin(String origin) {
        if (options.allowedOrigins().contains("*")) {
            return "*";
        }
        return origin != null && options.allowsOrigin(origin) ? origin : null;
    }

    /** Query parameters of the request target (first value wins). */
    static Map<String, String> query(String query) {
        return HandshakeFacts.query(query);
    }
}
