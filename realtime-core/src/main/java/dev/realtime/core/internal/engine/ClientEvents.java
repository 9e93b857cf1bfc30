package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client events of the protocol: each handler validates its payload and calls a service. Internal.
 */
final class ClientEvents {
    private static final int MAX_PRESENCE_QUERY = 100;

    private final Clock clock;
    private final int maxMessageLength;
    private final int maxMetadataBytes;
    private final boolean typingEnabled;
    private final RoomService roomService;
    private final MessageService messages;
    private final TypingService typing;
    private final PresenceService presence;

    ClientEvents(Clock clock, int maxMessageLength, int maxMetadataBytes, boolean typingEnabled,
                 RoomService roomService, MessageService messages, TypingService typing, PresenceService presence) {
        this.clock = clock;
        this.maxMessageLength = maxMessageLength;
        this.maxMetadataBytes = maxMetadataBytes;
        this.typingEnabled = typingEnabled;
        this.roomService = roomService;
        this.messages = messages;
        this.typing = typing;
        this.presence = presence;
    }

    Map<String, EventRouter.Handler> handlers() {
        Map<String, EventRouter.Handler> map = new HashMap<>();
        map.put(EventNames.ROOM_JOIN, this::join);
        map.put(EventNames.ROOM_LEAVE, (c, e) -> roomService.leave(c, PayloadReader.of(e.data()).roomName()));
        map.put(EventNames.MESSAGE_SEND, this::send);
        map.put(EventNames.TYPING_START, (c, e) -> typing(c, e, true));
        map.put(EventNames.TYPING_STOP, (c, e) -> typing(c, e, false));
        map.put(EventNames.PRESENCE_UPDATE, this::presenceUpdate);
        map.put(EventNames.PRESENCE_GET, this::presenceGet);
        map.put(EventNames.PING, this::ping);
        return map;
    }

    private Object join(LocalConnection c, InboundEvent e) {
        String roomName = PayloadReader.of(e.data()).roomName();
        return roomService.join(c, roomName, HistoryEvents.since(e.data()));
    }

    private Object send(LocalConnection c, InboundEvent e) {
        PayloadReader p = PayloadReader.of(e.data());
        String room = p.roomName();
        String content = p.requiredString("content", maxMessageLength);
        String threadId = p.optionalString("threadId", PayloadReader.MAX_ID_LENGTH);
        JsonNode metadata = p.optionalObject("metadata", maxMetadataBytes);
        String clientMessageId = p.optionalString("clientMessageId", PayloadReader.MAX_ID_LENGTH);
        return messages.send(c, room, content, threadId, metadata, clientMessageId);
    }

    private Object typing(LocalConnection c, InboundEvent e, boolean start) {
        PayloadReader p = PayloadReader.of(e.data());
        String roomName = p.roomName();
        String threadId = p.optionalString("threadId", PayloadReader.MAX_ID_LENGTH);
        if (!typingEnabled) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "typing indicators are disabled on this server");
        }
        if (c.anonymous()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "anonymous connections may not type");
        }
        RoomState room = messages.requireJoined(c, roomName);
        if (start) {
            MessageService.requireMaySend(room.room(), room.membership(c.userId()));
            typing.start(c, room, threadId);
        } else {
            typing.stop(room, threadId, c.userId());
        }
        return new Payloads.RoomRef(roomName);
    }

    private Object presenceUpdate(LocalConnection c, InboundEvent e) {
        PayloadReader p = PayloadReader.of(e.data());
        String statusText = p.requiredString("status", 16);
        PresenceStatus status;
        try {
            status = PresenceStatus.fromWireName(statusText);
        } catch (IllegalArgumentException ex) {
            throw RealtimeException.validation("status", "status must be one of online, away, busy, offline");
        }
        CustomStatus custom = customStatus(p.optional("customStatus"));
        if (!presence.enabled()) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "presence is disabled on this server");
        }
        if (c.anonymous()) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "anonymous connections have no presence");
        }
        return PresenceService.toPayload(presence.update(c, status, custom));
    }

    private CustomStatus customStatus(JsonNode node) {
        if (node == null) {
            return null;
        }
        PayloadReader p = PayloadReader.of(node);
        String text = p.requiredString("text", CustomStatus.MAX_TEXT);
        String emoji = p.optionalString("emoji", CustomStatus.MAX_EMOJI);
        String expiresText = p.optionalString("expiresAt", 64);
        Instant expiresAt = null;
        if (expiresText != null) {
            try {
                expiresAt = Instant.parse(expiresText);
            } catch (DateTimeParseException ex) {
                throw RealtimeException.validation("customStatus.expiresAt",
                        "customStatus.expiresAt must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
            if (!expiresAt.isAfter(clock.now())) {
                throw RealtimeException.validation("customStatus.expiresAt", "customStatus.expiresAt is in the past");
            }
        }
        return new CustomStatus(text, emoji, expiresAt);
    }

    private Object presenceGet(LocalConnection c, InboundEvent e) {
        List<String> ids = PayloadReader.of(e.data()).stringArray("userIds", MAX_PRESENCE_QUERY,
                PayloadReader.MAX_ID_LENGTH);
        return new Payloads.PresenceList(presence.get(ids).stream().map(PresenceService::toPayload).toList());
    }

    private Object ping(LocalConnection c, InboundEvent e) {
        JsonNode timestamp = PayloadReader.ofOptional(e.data()).optional("timestamp");
        if (timestamp != null && !timestamp.isNumber() && !timestamp.isTextual()) {
            throw RealtimeException.validation("timestamp", "timestamp must be a number or a string");
        }
        Payloads.Pong pong = new Payloads.Pong(timestamp, clock.millis());
        c.channel().send(new OutboundEvent(EventNames.PONG, pong));
        return pong;
    }
}
