package dev.realtime.core.internal.engine;

import dev.realtime.core.model.RoomNames;

/**
 * The Socket.IO recovery offset of a room message, {@code <room offset>:<room name>}: the same string for every
 * recipient (so the frame is still encoded once), and enough to find the message in the room's history when a
 * socket.io-client hands it back on reconnecting. Internal.
 */
final class RecoveryOffsets {
    private RecoveryOffsets() {
    }

    static String format(long offset, String roomName) {
        return offset + ":" + roomName;
    }

    /** The parsed offset, or null when {@code text} is not one this server made. */
    static Parsed parse(Object text) {
        if (!(text instanceof String s)) {
            return null;
        }
        int colon = s.indexOf(':');
        if (colon < 1 || colon > 19) {
            return null;
        }
        String room = s.substring(colon + 1);
        try {
            long offset = Long.parseLong(s.substring(0, colon));
            return offset > 0 && RoomNames.isValid(room) ? new Parsed(offset, room) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A message's room and offset. */
    record Parsed(long offset, String roomName) {
    }
}
