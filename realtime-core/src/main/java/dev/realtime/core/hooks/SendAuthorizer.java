package dev.realtime.core.hooks;

import dev.realtime.core.Message;
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
     * @param message    the message: content, thread, metadata, client message id
     */
    Decision authorize(ConnectionInfo connection, Room room, Message message);
}
