package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.protocol.EventNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/rooms/{name}/messages} and {@code POST /api/rooms/{name}/events}: a backend speaking to a room
 * through the same fan-out as a client's send, on every node.
 */
final class PublishRoutes {
    /** The sender shown to clients when the request names none. */
    static final String DEFAULT_SENDER = "system";
    private static final int MAX_THREAD_ID = 128;
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");
    /** Names a client library or this protocol gives a meaning to: a backend must not forge them. */
    private static final Set<String> RESERVED = Set.of(EventNames.CONNECTED, EventNames.AUTHENTICATED,
            EventNames.USER_JOINED, EventNames.USER_LEFT, EventNames.MESSAGE_NEW, EventNames.TYPING_EVENT,
            EventNames.PRESENCE_CHANGED, EventNames.PONG, EventNames.ERROR, EventNames.TOKEN_EXPIRING,
            EventNames.ROOM_LEFT, "connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    private final Realtime realtime;

    PublishRoutes(Realtime realtime) {
        this.realtime = realtime;
    }

    void register(Router router) {
        router.add("POST", "/api/rooms/{name}/messages", this::message)
                .add("POST", "/api/rooms/{name}/events", this::event);
    }

    private ApiResponse message(ApiRequest request) {
        RealtimeOptions options = realtime.options();
        JsonBody body = request.json();
        String content = body.requiredString("content", options.maxMessageLength());
        String userId = body.optionalString("userId", MemberRoutes.MAX_USER_ID);
        String threadId = body.optionalString("threadId", MAX_THREAD_ID);
        JsonNode metadata = body.optionalObject("metadata", options.maxMetadataBytes());
        ChatMessage m = realtime.sendMessage(request.path("name"), userId == null ? DEFAULT_SENDER : userId,
                content, threadId, metadata);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.id().toString());
        view.put("roomName", m.roomName());
        view.put("seq", m.seq());
        view.put("userId", m.userId());
        view.put("timestamp", m.timestamp().toString());
        return ApiResponse.created(view);
    }

    private ApiResponse event(ApiRequest request) {
        JsonBody body = request.json();
        String event = body.requiredString("event", 64);
        if (!EVENT_NAME.matcher(event).matches()) {
            throw ApiException.invalid("event", "event must be 1-64 characters of letters, digits and _ : . -");
        }
        if (RESERVED.contains(event)) {
            throw ApiException.invalid("event", "event " + event + " is reserved by the protocol; "
                    + "use POST /api/rooms/{name}/messages for chat messages");
        }
        JsonNode data = body.optionalValue("data");
        String room = request.path("name");
        int local = realtime.publish(room, event, data);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("roomName", room);
        view.put("event", event);
        view.put("localRecipients", local);
        return ApiResponse.accepted(view);
    }
}
