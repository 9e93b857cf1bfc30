package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.Message;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.SendAuthorizer;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.recovery.AcceptedMessage;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code message:send} from clients and messages and custom events from server code. Internal. */
final class MessageService {
    private static final Logger LOG = LoggerFactory.getLogger(MessageService.class);
    private static final long STORE_WARNING_INTERVAL_MILLIS = 60_000;
    /** What {@link #claim} answers when the store could not be asked. */
    private static final AcceptedMessage UNCLAIMED = new AcceptedMessage("unclaimed", "", 0);
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
    private final RecoveryStore sentMessages;
    private final Duration resendWindow;
    private final AtomicLong lastStoreWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final ServerSendRules serverRules;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;

    MessageService(Clock clock, RoomRegistry rooms, Fanout fanout, EventRecorder recorder, TypingService typing,
                   RealtimeMetrics metrics, List<SendAuthorizer> authorizers, HistoryService history,
                   RecoveryStore sentMessages, Duration resendWindow, ServerSendRules serverRules,
                   ClusterPublisher cluster) {
        this.cluster = cluster;
        this.clock = clock;
        this.serverRules = serverRules;
        this.history = history;
        this.sentMessages = sentMessages;
        this.resendWindow = resendWindow;
        this.rooms = rooms;
        this.fanout = fanout;
        this.recorder = recorder;
        this.typing = typing;
        this.metrics = metrics;
        this.authorizers = authorizers;
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
        SentMessageKey key = clientMessageId == null ? null : new SentMessageKey(roomName, c.userId(), clientMessageId);
        synchronized (room.publishLock) {
            // Claimed under the lock (and, in a shared store, atomically across nodes), so racing resends deliver once.
            AcceptedMessage earlier = key == null ? null : claim(key);
            boolean claimed = key != null && earlier == null;
            if (earlier == UNCLAIMED) {
                earlier = null;
            } else if (earlier != null && earlier.isPending()) {
                throw new RealtimeException(ErrorCode.UNAVAILABLE,
                        "a send with this clientMessageId is still being processed; retry");
            } else if (earlier != null) {
                return new Payloads.MessageAccepted(earlier.messageId(), earlier.timestamp(), earlier.seq(), true);
            }
            try {
                published = publish(room, c.userId(), content, threadId, metadata, clientMessageId);
            } catch (RuntimeException e) {
                if (claimed) {
                    release(key);
                }
                throw e;
            }
            ChatMessage message = published.message();
            ack = new Payloads.MessageAccepted(message.id().toString(), message.timestamp().toString(), message.seq());
            if (claimed) {
                rememberAccepted(key, ack);
            }
        }
        recorder.record(EventType.MESSAGE, c, roomName, published.payload());
        return ack;
    }

    /**
     * Claims the id in the store; {@link #UNCLAIMED} when the store is unreachable: the send is accepted anyway,
     * since refusing every send during an outage costs more than possibly keeping a resend twice.
     */
    private AcceptedMessage claim(SentMessageKey key) {
        try {
            return sentMessages.claim(key, resendWindow);
        } catch (RealtimeException e) {
            storeFailed("check", e);
            return UNCLAIMED;
        }
    }

    /** The message is out: a store that cannot record its answer costs only the recognition of a resend. */
    private void rememberAccepted(SentMessageKey key, Payloads.MessageAccepted ack) {
        try {
            sentMessages.accepted(key, new AcceptedMessage(ack.id(), ack.timestamp(), ack.seq()), resendWindow);
        } catch (RealtimeException e) {
            storeFailed("record", e);
        }
    }

    private void release(SentMessageKey key) {
        try {
            sentMessages.release(key);
        } catch (RealtimeException e) {
            storeFailed("release", e); // the claim expires by itself
        }
    }

    /** Logs a store failure at most once a minute: during an outage every send would. */
    private void storeFailed(String action, RealtimeException e) {
        long now = clock.millis();
        long last = lastStoreWarning.get();
        if (now - last >= STORE_WARNING_INTERVAL_MILLIS && lastStoreWarning.compareAndSet(last, now)) {
            LOG.warn("could not {} a clientMessageId in the {} store; sends are accepted without resend "
                    + "recognition until it answers: {}", action, sentMessages.name(), e.getMessage());
        }
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
