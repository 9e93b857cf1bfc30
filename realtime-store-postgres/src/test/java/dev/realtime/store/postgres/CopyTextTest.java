package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text format of COPY: tabs between columns, one line per row, and the characters that need escaping. */
class CopyTextTest {
    @Test
    void separatesColumnsWithTabsAndRowsWithNewlines() {
        String data = new CopyText(16).text("a").text("b").endRow().text("c").endRow().toString();

        assertThat(data).isEqualTo("a\tb\nc\n");
    }

    @Test
    void writesNullAsBackslashNButTheTextBackslashNAsItself() {
        String data = new CopyText(16).text(null).text("\\N").endRow().toString();

        assertThat(data).isEqualTo("\\N\t\\\\N\n");
    }

    @Test
    void escapesBackslashTabNewlineAndCarriageReturn() {
        String data = new CopyText(16).text("a\\b\tc\nd\re \"q\" é ☃ 😀").endRow().toString();

        assertThat(data).isEqualTo("a\\\\b\\tc\\nd\\re \"q\" é ☃ 😀\n");
    }

    @Test
    void replacesNulBecausePostgresqlRefusesItInText() {
        assertThat(new CopyText(8).text("x\u0000y").toString()).isEqualTo("x\uFFFDy");
    }

    @Test
    void writesInstantsInIsoFormWithTheirFraction() {
        String data = new CopyText(32).instant(Instant.parse("2026-01-02T03:04:05.123456Z")).instant(null).toString();

        assertThat(data).isEqualTo("2026-01-02T03:04:05.123456Z\t\\N");
    }
}
