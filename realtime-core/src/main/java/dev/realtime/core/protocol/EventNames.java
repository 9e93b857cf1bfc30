package dev.realtime.core.protocol;

/** Event names of the wire protocol (PROTOCOL.md section 2). */
public final class EventNames {
    // client -> server
    public static final String ROOM_JOIN = "room:join";
    public static final String ROOM_LEAVE = "room:leave";
    public static final String MESSAGE_SEND = "message:send";
    public static final String TYPING_START = "typing:start";
    public static final String TYPING_STOP = "typing:stop";
    public static final String PRESENCE_UPDATE = "presence:update";
    public static final String PRESENCE_GET = "presence:get";
    public static final String PING = "ping";
    public static final String AUTH_REFRESH = "auth:refresh";
    public static final String ROOM_HISTORY = "room:history";

    // server -> client
    public static final String CONNECTED = "connected";
    public static final String AUTHENTICATED = "authenticated";
    public static final String USER_JOINED = "user:joined";
    public static final String USER_LEFT = "user:left";
    public static final String MESSAGE_NEW = "message:new";
    public static final String TYPING_EVENT = "typing:event";
    public static final String PRESENCE_CHANGED = "presence:changed";
    public static final String PONG = "pong";
    public static final String ERROR = "error";
    public static final String TOKEN_EXPIRING = "token:expiring";
    public static final String ROOM_LEFT = "room:left";
    /** A room's history was lost: positions of the old epoch are void. */
    public static final String HISTORY_RESET = "history:reset";

    private EventNames() {
    }
}
