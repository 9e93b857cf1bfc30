package dev.realtime.core.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Room;

/**
 * Lets the host application veto a {@code message:send} after the built-in rules passed (for example a
 * content filter). Called on a transport thread: it must be fast and must not block.
 */
@FunctionalInterface
public interface SendAuthorizer {
    /**
     * @param connection the sending connection
     * @param room       the room
     * @param content    the message text
     * @param threadId   the thread, may be null
     * @param metadata   the metadata object, may be null
     */
    Decision authorize(ConnectionInfo connection, Room room, String content, String threadId, JsonNode metadata);
}
