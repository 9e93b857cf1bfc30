package dev.realtime.core.internal.engine;

/**
 * Which rooms announce who joins and leaves. Announcing every join to everyone already present makes filling a
 * room of n users cost n²/2 frames (50 million for 10,000), so a room above the limit counts as large: its joins
 * and leaves are not announced (locally nor to other nodes) and its {@code room:join} ack lists no members, since
 * a list nobody keeps up to date would only mislead. Members of a large room still learn the counts from the ack
 * and from the presence APIs. Internal.
 */
final class AnnouncePolicy {
    private final int limit;

    /** @param limit the largest room that still announces; 0 announces in no room */
    AnnouncePolicy(int limit) {
        this.limit = limit;
    }

    /**
     * Whether joins and leaves in this room are announced. Decided by the node that sees the join or leave, so
     * the others deliver (or not) what it publishes.
     */
    boolean announces(RoomState room) {
        return room.audienceSize() <= limit;
    }
}
