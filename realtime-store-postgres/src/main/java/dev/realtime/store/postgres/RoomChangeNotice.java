package dev.realtime.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * One decoded notification of the {@code realtime_room_changes} channel (see {@code V2__room_change_notify.sql}).
 *
 * @param op   what happened
 * @param room the room
 * @param user the member, or null when the room itself changed
 */
record RoomChangeNotice(Op op, String room, String user) {
    /** The kinds of change the triggers send. */
    enum Op {
        INSERT, UPDATE, DELETE,
        /** Re-read the room and every member of it (a rename, or a payload that would have been too long). */
        MEMBERS
    }

    /** Decodes a payload; empty when it is not one the triggers send. */
    static Optional<RoomChangeNotice> parse(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.reader().readTree(payload);
            if (node == null || !node.path("op").isTextual() || !node.path("room").isTextual()) {
                return Optional.empty();
            }
            Op op = Op.valueOf(node.get("op").asText());
            JsonNode user = node.path("user");
            if (!user.isNull() && !user.isMissingNode() && !user.isTextual()) {
                return Optional.empty();
            }
            String userId = user.isTextual() ? user.asText() : null;
            if (op == Op.MEMBERS && userId != null) {
                return Optional.empty();
            }
            return Optional.of(new RoomChangeNotice(op, node.get("room").asText(), userId));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
