package dev.realtime.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.spi.history.HistoryPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recovery offsets Socket.IO clients hand back, and the parked sessions they name. */
class RecoveryStateTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void anOffsetNamesTheRoomAndItsOffsetEvenWithColonsInTheName() {
        String text = RecoveryOffsets.format(42, "team:general");

        assertThat(RecoveryOffsets.parse(text)).isEqualTo(new RecoveryOffsets.Parsed(42, "team:general"));
    }

    @Test
    void offsetsThisServerDidNotMakeAreIgnored() {
        for (Object bad : new Object[] {null, 7, "", "42", ":general", "x:general", "0:general", "-3:general",
                "5:", "5:bad room", "99999999999999999999:general"}) {
            assertThat(RecoveryOffsets.parse(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    @Test
    void aParkedSessionIsTakenOnceAndOnlyWithinTheWindow() {
        ParkedSessions parked = new ParkedSessions(10, Duration.ofMinutes(2));
        ParkedSessions.Parked session = new ParkedSessions.Parked("alice",
                Map.of("general", new HistoryPosition(3, "e")), T0);
        parked.park("p1", session);
        parked.park("p2", session);

        assertThat(parked.take("p1", T0.plusSeconds(119))).isEqualTo(session);
        assertThat(parked.take("p1", T0.plusSeconds(119))).isNull();
        assertThat(parked.take("p2", T0.plusSeconds(121))).isNull();
        assertThat(parked.size()).isZero();
    }

    @Test
    void parkedSessionsAreBoundedDroppingTheOldest() {
        ParkedSessions parked = new ParkedSessions(2, Duration.ofMinutes(2));
        for (int i = 1; i <= 3; i++) {
            parked.park("p" + i, new ParkedSessions.Parked("u" + i, Map.of(), T0));
        }

        assertThat(parked.size()).isEqualTo(2);
        assertThat(parked.take("p1", T0)).isNull();
        assertThat(parked.take("p3", T0).userId()).isEqualTo("u3");
    }
}
