package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.TransportKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connection caught up from a shared history to an offset is not sent another node's message up to that offset
 * (still on the bus during the catch-up), and is sent everything after it.
 */
class CaughtUpConnectionsTest {
    private static LocalConnection connection(String id) {
        ConnectionInfo info = new ConnectionInfo(id, "alice", "s-" + id, false, TransportKind.WEBSOCKET_JSON, "node-a",
                "127.0.0.1", null, Map.of(), Instant.EPOCH, -1, null);
        return new LocalConnection(info, Principal.user("alice", "s-" + id), null, new TokenBucket(10, () -> 0L));
    }

    @Test
    void aCaughtUpConnectionSkipsItsReplayedOffsetsOnlyUntilALaterMessage() {
        RoomState room = new RoomState(Room.builder("general").build());
        LocalConnection caughtUp = connection("c1");
        LocalConnection plain = connection("c2");
        room.subscribe(caughtUp);
        room.subscribe(plain);
        assertThat(room.hasCaughtUp()).isFalse();

        room.caughtUp(caughtUp, 500);

        assertThat(room.hasCaughtUp()).isTrue();
        assertThat(room.alreadySent(caughtUp, 499)).isTrue();
        assertThat(room.alreadySent(caughtUp, 500)).isTrue();
        assertThat(room.alreadySent(plain, 500)).isFalse();
        assertThat(room.alreadySent(caughtUp, 501)).isFalse();
        assertThat(room.hasCaughtUp()).as("the watch ends with the first later message").isFalse();
    }

    @Test
    void leavingTheRoomEndsTheWatch() {
        RoomState room = new RoomState(Room.builder("general").build());
        LocalConnection c = connection("c1");
        room.subscribe(c);
        room.caughtUp(c, 10);

        room.unsubscribe(c);

        assertThat(room.hasCaughtUp()).isFalse();
    }
}
