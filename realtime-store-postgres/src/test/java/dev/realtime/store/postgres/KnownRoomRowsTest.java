package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import dev.realtime.store.postgres.RoomChangeNotice.Op;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The re-read after a reconnect covers what exists now and what was deleted while the feed was away. */
class KnownRoomRowsTest {
    private final KnownRoomRows known = new KnownRoomRows();

    @Test
    void aResyncReportsCurrentRowsAndRowsDeletedMeanwhile() {
        known.replaceAll(Map.of("lobby", Set.of("alice"), "old", Set.of("bob")));
        known.apply(new RoomChangeNotice(Op.INSERT, "lobby", "carol"));

        // While disconnected: "old" deleted, alice removed from lobby, "new" created with dave.
        var changes = known.replaceAll(Map.of("lobby", Set.of("carol"), "new", Set.of("dave")));

        assertThat(changes).containsExactlyInAnyOrder(
                new RoomChange("lobby", null), new RoomChange("lobby", "alice"), new RoomChange("lobby", "carol"),
                new RoomChange("old", null), new RoomChange("old", "bob"),
                new RoomChange("new", null), new RoomChange("new", "dave"));
        assertThat(known.rooms()).isEqualTo(2);
    }

    @Test
    void notificationsKeepTheSetCurrentSoDeletedRowsAreNotRepeated() {
        known.replaceAll(Map.of());
        known.apply(new RoomChangeNotice(Op.INSERT, "lobby", null));
        known.apply(new RoomChangeNotice(Op.INSERT, "lobby", "alice"));
        known.apply(new RoomChangeNotice(Op.INSERT, "lobby", "bob"));
        known.apply(new RoomChangeNotice(Op.DELETE, "lobby", "alice"));
        known.apply(new RoomChangeNotice(Op.INSERT, "gone", "eve"));
        known.apply(new RoomChangeNotice(Op.DELETE, "gone", null));

        assertThat(known.replaceAll(Map.of("lobby", Set.of("bob"))))
                .containsExactlyInAnyOrder(new RoomChange("lobby", null), new RoomChange("lobby", "bob"));
    }

    @Test
    void replacingOneRoomReportsItsOldAndNewMembersRoomFirst() {
        known.replaceAll(Map.of("lobby", Set.of("alice")));

        assertThat(known.replaceRoom("lobby", Set.of("bob")))
                .startsWith(new RoomChange("lobby", null))
                .containsExactlyInAnyOrder(new RoomChange("lobby", null), new RoomChange("lobby", "alice"),
                        new RoomChange("lobby", "bob"));
        assertThat(known.replaceRoom("lobby", null))
                .containsExactly(new RoomChange("lobby", null), new RoomChange("lobby", "bob"));
        assertThat(known.rooms()).isZero();
    }
}
