package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.model.RoomType;
import dev.realtime.core.spi.history.HistoryLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryOptionsTest {
    @Test
    void defaultsMatchTheDocumentation() {
        HistoryOptions o = HistoryOptions.defaults();

        assertThat(o.limitsFor(RoomType.CHANNEL)).isEqualTo(new HistoryLimits(1000, Duration.ofHours(1)));
        assertThat(o.recoveryWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxRecoveredMessages()).isEqualTo(1000);
    }

    @Test
    void aRoomTypeWithoutItsOwnLimitsUsesTheDefaultOnes() {
        HistoryLimits dm = new HistoryLimits(50, Duration.ofDays(1));
        HistoryLimits rest = new HistoryLimits(10, Duration.ofMinutes(5));
        HistoryOptions o = HistoryOptions.builder().defaultLimits(rest).limits(RoomType.DM, dm).build();

        assertThat(o.limitsFor(RoomType.DM)).isEqualTo(dm);
        assertThat(o.limitsFor(RoomType.GROUP)).isEqualTo(rest);
    }

    @Test
    void badValuesFailWhereTheyAreSet() {
        assertThatThrownBy(() -> HistoryOptions.builder().recoveryWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recoveryWindow");
        assertThatThrownBy(() -> HistoryOptions.builder().maxRecoveredMessages(100_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecoveredMessages");
        assertThatThrownBy(() -> new HistoryLimits(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessages");
        assertThatThrownBy(() -> new HistoryLimits(1, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    }
}
