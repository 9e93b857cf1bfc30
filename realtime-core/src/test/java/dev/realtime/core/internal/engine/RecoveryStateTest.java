package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recovery offsets Socket.IO clients hand back. */
class RecoveryStateTest {
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
}
