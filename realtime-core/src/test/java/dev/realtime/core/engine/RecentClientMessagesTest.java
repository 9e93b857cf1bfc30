package dev.realtime.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.protocol.Payloads;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentClientMessagesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Payloads.MessageAccepted ACK = new Payloads.MessageAccepted("id-1", T0.toString(), 1);

    @Test
    void findsTheAckOfTheSameUserRoomAndIdOnly() {
        RecentClientMessages recent = new RecentClientMessages(10, Duration.ofMinutes(2));
        recent.remember("general", "alice", "c-1", ACK, T0);

        assertThat(recent.find("general", "alice", "c-1", T0.plusSeconds(5))).isEqualTo(ACK);
        assertThat(recent.find("general", "bob", "c-1", T0)).isNull();
        assertThat(recent.find("other", "alice", "c-1", T0)).isNull();
        assertThat(recent.find("general", "alice", "c-2", T0)).isNull();
    }

    @Test
    void forgetsAfterTheMaximumAge() {
        RecentClientMessages recent = new RecentClientMessages(10, Duration.ofMinutes(2));
        recent.remember("general", "alice", "c-1", ACK, T0);

        assertThat(recent.find("general", "alice", "c-1", T0.plus(Duration.ofMinutes(2)))).isEqualTo(ACK);
        assertThat(recent.find("general", "alice", "c-1", T0.plus(Duration.ofMinutes(2)).plusMillis(1))).isNull();
        assertThat(recent.size()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        RecentClientMessages recent = new RecentClientMessages(3, Duration.ofMinutes(2));
        for (int i = 1; i <= 5; i++) {
            recent.remember("general", "alice", "c-" + i, ACK, T0);
        }

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.find("general", "alice", "c-2", T0)).isNull();
        assertThat(recent.find("general", "alice", "c-3", T0)).isEqualTo(ACK);
    }
}
