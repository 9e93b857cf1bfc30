package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.ChatMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/rooms/{name}/messages} and {@code POST /api/rooms/{name}/events}: a backend speaking to a room
 * through the same fan-out as a client's send, on every node.
 */
final class PublishRoutes {
    /** The sender shown to clients when the request names none. */
    static final String DEFAULT_SENDER = "system";
    private static final int MAX_THREAD_ID = 128;

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
        Message.Builder message = Message.builder(content).threadId(threadId);
        if (metadata != null) {
            message.metadataJson(metadata.toString());
        }
        ChatMessage m = realtime.send(request.path("name"), userId == null ? DEFAULT_SENDER : userId,
                message.build());
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
