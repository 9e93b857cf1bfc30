package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void areVersion7WithTheRfcVariantAndTheMillisecondsInFront() {
        Instant at = Instant.parse("2026-03-04T05:06:07.089Z");

        UUID id = TimeOrderedIds.at(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void laterMillisecondsSortLaterAsTextAsPostgresqlComparesThem() {
        Instant at = Instant.parse("2026-03-04T05:06:07.089Z");

        for (int i = 0; i < 1000; i++) {
            String earlier = TimeOrderedIds.at(at).toString();
            String later = TimeOrderedIds.at(at.plusMillis(1)).toString();
            assertThat(earlier).isLessThan(later);
        }
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant at = Instant.now();
        Set<UUID> ids = new HashSet<>();

        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.at(at));
        }

        assertThat(ids).hasSize(100_000);
    }
}
