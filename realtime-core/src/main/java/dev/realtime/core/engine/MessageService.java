package dev.realtime.core.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.Message;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.SendAuthorizer;
import dev.realtime.core.json.Json;
import dev.realtime.core.metrics.RealtimeMetrics;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code message:send} from clients and messages and custom events from server code. Internal. */
final class MessageService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Clock clock;
    private final RoomRegistry rooms;
    private final Fanout fanout;
    private final EventRecorder recorder;
    private final TypingService typing;
    private final RealtimeMetrics metrics;
    private final List<SendAuthorizer> authorizers;
    private final HistoryService history;
    private final RecentClientMessages recentClientMessages;
    private final ServerSendRules serverRules;
    private volatile ClusterPublisher cluster = ClusterPublisher.NONE;

    MessageService(Clock clock, RoomRegistry rooms, Fanout fanout, EventRecorder recorder, TypingService typing,
                   RealtimeMetrics metrics, List<SendAuthorizer> authorizers, HistoryService history,
                   RecentClientMessages recentClientMessages, ServerSendRules serverRules) {
        this.clock = clock;
        this.serverRules = serverRules;
        this.history = history;
        this.recentClientMessages = recentClientMessages;
        this.rooms = rooms;
        this.fanout = fanout;
        this.recorder = recorder;
        this.typing = typing;
        this.metrics = metrics;
        this.authorizers = authorizers;
    }

    void setCluster(ClusterPublisher cluster) {
        this.cluster = cluster;
    }

    /**
     * A client's send, after the payload was validated. A {@code clientMessageId} this user already sent to the room
     * recently is not delivered again: the answer is the first ack, marked duplicate.
     */
    Payloads.MessageAccepted send(LocalConnection c, String roomName, String content, String threadId,
                                  JsonNode metadata, String clientMessageId) {
        if (c.anonymous()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "anonymous connections may not send messages");
        }
        RoomState room = requireJoined(c, roomName);
        Membership m = room.membership(c.userId());
        requireMaySend(room.room(), m);
        if (!authorizers.isEmpty()) {
            Message shown = asMessage(content, threadId, metadata, clientMessageId);
            for (SendAuthorizer a : authorizers) {
                Decision d = a.authorize(c.info(), room.room(), shown);
                if (!d.allowed()) {
                    throw new RealtimeException(d.refusal().code(), d.refusal().message());
                }
            }
        }
        typing.stop(room, threadId, c.userId());
        Published published;
        Payloads.MessageAccepted ack;
        synchronized (room.publishLock) {
            // Checked and remembered under the lock, so two resends racing on two connections deliver once.
            Payloads.MessageAccepted earlier = clientMessageId == null ? null
                    : recentClientMessages.find(roomName, c.userId(), clientMessageId, clock.now());
            if (earlier != null) {
                return earlier.asDuplicate();
            }
            published = publish(room, c.userId(), content, threadId, metadata, clientMessageId);
            ChatMessage message = published.message();
            ack = new Payloads.MessageAccepted(message.id().toString(), message.timestamp().toString(), message.seq());
            if (clientMessageId != null) {
                recentClientMessages.remember(roomName, c.userId(), clientMessageId, ack, clock.now());
            }
        }
        recorder.record(EventType.MESSAGE, c, roomName, published.payload());
        return ack;
    }

    /**
     * A message from server code (admin API, embedding application): no joined-room or membership rules, but the
     * size limits clients have.
     */
    ChatMessage sendAsServer(String roomName, String userId, Message message) {
        serverRules.check(message);
        RoomState room = rooms.get(roomName);
        if (room == null || !room.room().active()) {
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + roomName + " does not exist");
        }
        JsonNode metadata = message.metadata().isEmpty() ? null : Json.tree(message.metadata());
        Published published = publish(room, userId, message.content(), message.threadId(), metadata,
                message.clientMessageId());
        recorder.record(EventType.MESSAGE, null, userId, null, roomName, published.payload());
        return published.message();
    }

    /** A custom event from server code to every subscriber of the room on every node; reserved names refused. */
    int publishEvent(String roomName, String event, Object data) {
        ServerSendRules.checkEventName(event);
        RoomState room = rooms.get(roomName);
        if (room == null) {
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + roomName + " does not exist");
        }
        OutboundEvent out = new OutboundEvent(event, data);
        fanout.toRoom(room, out);
        cluster.roomEvent(roomName, out, null, null, 0);
        return room.subscribers().size();
    }

    /** A client's send as the hooks see it: no Jackson types. */
    private static Message asMessage(String content, String threadId, JsonNode metadata, String clientMessageId) {
        Message.Builder b = Message.builder(content).threadId(threadId).clientMessageId(clientMessageId);
        if (metadata != null) {
            b.metadata(Json.convert(metadata, MAP));
        }
        return b.build();
    }

    RoomState requireJoined(LocalConnection c, String roomName) {
        RoomState room = rooms.get(roomName);
        if (room == null || !room.room().active()) {
            throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "room " + roomName + " does not exist");
        }
        if (!room.isSubscribed(c)) {
            throw new RealtimeException(ErrorCode.NOT_IN_ROOM, "join room " + roomName + " first");
        }
        return room;
    }

    /** The mute, ban and broadcast rules, shared with typing. */
    static void requireMaySend(Room room, Membership m) {
        if (m != null && m.banned()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "you are banned from room " + room.name());
        }
        if (m != null && m.muted()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "you are muted in room " + room.name());
        }
        if (room.type() == RoomType.BROADCAST && !RoomService.mayBroadcast(m)) {
            throw new RealtimeException(ErrorCode.FORBIDDEN,
                    "only admins and moderators may send to broadcast room " + room.name());
        }
    }

    /** A message accepted into a room, with the one wire payload built for it (also what the event log records). */
    private record Published(ChatMessage message, Payloads.MessageNew payload) {
    }

    private Published publish(RoomState room, String userId, String content, String threadId, JsonNode metadata,
                              String clientMessageId) {
        Instant now = clock.now();
        Published published;
        synchronized (room.publishLock) {
            ChatMessage draft = new ChatMessage(UUID.randomUUID(), room.room().name(), 0, userId, content, threadId,
                    metadata, now, clientMessageId);
            ChatMessage message = history.append(room, draft).message();
            published = new Published(message, HistoryService.payload(message));
            OutboundEvent event = new OutboundEvent(EventNames.MESSAGE_NEW, published.payload(),
                    RecoveryOffsets.format(message.seq(), message.roomName()));
            fanout.toRoom(room, event);
            cluster.roomEvent(room.room().name(), event, null, null, message.seq());
        }
        metrics.messageReceived();
        return published;
    }
}
