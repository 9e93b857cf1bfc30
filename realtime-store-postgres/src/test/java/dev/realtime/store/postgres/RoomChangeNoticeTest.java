package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.store.postgres.RoomChangeNotice.Op;
import org.junit.jupiter.api.Test;

/** Payloads of the {@code realtime_room_changes} channel decode exactly as the triggers write them. */
class RoomChangeNoticeTest {
    @Test
    void decodesRoomAndMembershipChanges() {
        assertThat(RoomChangeNotice.parse("{\"op\" : \"INSERT\", \"room\" : \"lobby\", \"user\" : null}"))
                .contains(new RoomChangeNotice(Op.INSERT, "lobby", null));
        assertThat(RoomChangeNotice.parse("{\"op\":\"DELETE\",\"room\":\"lobby\",\"user\":\"alice\"}"))
                .contains(new RoomChangeNotice(Op.DELETE, "lobby", "alice"));
        assertThat(RoomChangeNotice.parse("{\"op\":\"MEMBERS\",\"room\":\"lobby\"}"))
                .contains(new RoomChangeNotice(Op.MEMBERS, "lobby", null));
    }

    @Test
    void refusesWhatTheTriggersNeverSend() {
        assertThat(RoomChangeNotice.parse(null)).isEmpty();
        assertThat(RoomChangeNotice.parse("")).isEmpty();
        assertThat(RoomChangeNotice.parse("not json")).isEmpty();
        assertThat(RoomChangeNotice.parse("[1]")).isEmpty();
        assertThat(RoomChangeNotice.parse("{\"op\":\"TRUNCATE\",\"room\":\"lobby\"}")).isEmpty();
        assertThat(RoomChangeNotice.parse("{\"op\":\"INSERT\"}")).isEmpty();
        assertThat(RoomChangeNotice.parse("{\"op\":\"INSERT\",\"room\":7}")).isEmpty();
        assertThat(RoomChangeNotice.parse("{\"op\":\"INSERT\",\"room\":\"lobby\",\"user\":{}}")).isEmpty();
        assertThat(RoomChangeNotice.parse("{\"op\":\"MEMBERS\",\"room\":\"lobby\",\"user\":\"alice\"}")).isEmpty();
    }
}
