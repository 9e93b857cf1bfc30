package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.core.spi.transport.InboundEvent;
import java.util.Map;

/**
 * The history parts of the client protocol: the {@code room:history} event and the {@code since} position of a
 * {@code room:join}. Validates their payloads; the work is {@link HistoryService}'s. Internal.
 */
final class HistoryEvents {
    /** The most messages one {@code room:history} page holds. */
    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 50;
    private static final int MAX_EPOCH_LENGTH = 64;

    private final HistoryService history;
    private final MessageService messages;

    HistoryEvents(HistoryService history, MessageService messages) {
        this.history = history;
        this.messages = messages;
    }

    Map<String, EventRouter.Handler> handlers() {
        return Map.of(EventNames.ROOM_HISTORY, this::page);
    }

    /** {@code room:history} {roomName, before?, after?, limit?}: only for connections that joined the room. */
    private Payloads.HistoryPage page(LocalConnection c, InboundEvent e) {
        PayloadReader p = PayloadReader.of(e.data());
        String roomName = p.roomName();
        Long after = offset(p.optional("after"), "after");
        Long before = offset(p.optional("before"), "before");
        if (before != null && before < 1) {
            throw RealtimeException.validation("before", "before must be at least 1");
        }
        int limit = limit(p.optional("limit"));
        messages.requireJoined(c, roomName);
        return history.page(roomName, new HistoryQuery(after, before, limit));
    }

    /** The {@code since} of a {@code room:join} payload, or null when there is none. */
    static HistoryPosition since(JsonNode joinPayload) {
        JsonNode since = joinPayload.get("since");
        if (since == null || since.isNull()) {
            return null;
        }
        if (!since.isObject()) {
            throw RealtimeException.validation("since", "since must be an object { offset, epoch }");
        }
        Long offset = offset(since.get("offset"), "since.offset");
        if (offset == null) {
            throw RealtimeException.validation("since.offset", "since.offset is required");
        }
        JsonNode epoch = since.get("epoch");
        if (epoch == null || !epoch.isTextual() || epoch.textValue().isBlank()
                || epoch.textValue().length() > MAX_EPOCH_LENGTH) {
            throw RealtimeException.validation("since.epoch",
                    "since.epoch must be the non-empty epoch string the server sent (at most 64 characters)");
        }
        return new HistoryPosition(offset, epoch.textValue());
    }

    private static Long offset(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 0) {
            throw RealtimeException.validation(field, field + " must be a non-negative integer offset");
        }
        return node.asLong();
    }

    private static int limit(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_PAGE;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt() || node.asInt() < 1
                || node.asInt() > MAX_PAGE) {
            throw RealtimeException.validation("limit", "limit must be an integer from 1 to " + MAX_PAGE);
        }
        return node.asInt();
    }
}
