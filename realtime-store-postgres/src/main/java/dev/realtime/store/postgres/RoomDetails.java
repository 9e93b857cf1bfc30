package dev.realtime.store.postgres;

import dev.realtime.core.model.Membership;
import java.util.List;

/**
 * Everything about one room for {@code realtime room-info}.
 *
 * @param summary the room and its counts
 * @param members every membership, banned and muted ones included, by user id
 */
public record RoomDetails(RoomSummary summary, List<Membership> members) {
    public RoomDetails {
        members = List.copyOf(members);
    }
}
