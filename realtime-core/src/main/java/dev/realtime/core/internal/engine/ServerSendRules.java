package dev.realtime.core.internal.engine;

import dev.realtime.core.Message;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.protocol.EventNames;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits server code obeys like clients do, whatever the entry point (embedding API, admin API): message
 * sizes from the options, and event names a backend must not forge. Every refusal is a
 * {@code VALIDATION_ERROR} naming the field. Internal.
 */
final class ServerSendRules {
    static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");
    /** Names a client library or this protocol gives a meaning to. */
    static final Set<String> RESERVED_EVENTS = Set.of(EventNames.CONNECTED, EventNames.AUTHENTICATED,
            EventNames.USER_JOINED, EventNames.USER_LEFT, EventNames.MESSAGE_NEW, EventNames.TYPING_EVENT,
            EventNames.PRESENCE_CHANGED, EventNames.PONG, EventNames.ERROR, EventNames.TOKEN_EXPIRING,
            EventNames.ROOM_LEFT, "connect", "connect_error", "disconnect", "disconnecting", "newListener",
            "removeListener");

    private final int maxMessageLength;
    private final int maxMetadataBytes;

    ServerSendRules(int maxMessageLength, int maxMetadataBytes) {
        this.maxMessageLength = maxMessageLength;
        this.maxMetadataBytes = maxMetadataBytes;
    }

    /** The same limits {@code message:send} applies to a client's payload. */
    void check(Message message) {
        text("content", message.content(), maxMessageLength);
        if (message.threadId() != null) {
            text("threadId", message.threadId(), PayloadReader.MAX_ID_LENGTH);
        }
        if (message.clientMessageId() != null) {
            text("clientMessageId", message.clientMessageId(), PayloadReader.MAX_ID_LENGTH);
        }
        if (!message.metadata().isEmpty() && Json.tree(message.metadata()).toString().length() > maxMetadataBytes) {
            throw RealtimeException.validation("metadata", "metadata is larger than " + maxMetadataBytes + " bytes");
        }
    }

    /** A custom event name: 1-64 safe characters and none the protocol reserves. */
    static void checkEventName(String event) {
        if (!EVENT_NAME.matcher(event).matches()) {
            throw RealtimeException.validation("event", "event must be 1-64 characters of letters, digits and _ : . -");
        }
        if (RESERVED_EVENTS.contains(event)) {
            throw RealtimeException.validation("event", "event " + event + " is reserved by the protocol; "
                    + "send chat messages as messages");
        }
    }

    private static void text(String field, String value, int maxLength) {
        if (value.isBlank()) {
            throw RealtimeException.validation(field, field + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw RealtimeException.validation(field, field + " is longer than " + maxLength + " characters");
        }
    }
}
