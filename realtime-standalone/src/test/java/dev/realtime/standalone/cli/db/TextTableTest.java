package dev.realtime.standalone.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.model.RoomType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void padsColumnsToTheWidestCellAndShowsAbsentValuesAsADash() {
        StringWriter text = new StringWriter();
        new TextTable("NAME", "COUNT", "WHEN")
                .row("general", 12, Instant.parse("2026-01-02T03:04:05.678901Z"))
                .row("x", null, null)
                .print(new PrintWriter(text, true));

        assertThat(text.toString().lines()).containsExactly(
                "NAME     COUNT  WHEN",
                "general  12     2026-01-02T03:04:05Z",
                "x        -      -");
    }

    @Test
    void keepsEachRowOnOneLine() {
        StringWriter text = new StringWriter();
        new TextTable("PAYLOAD").row("a\nb\tc" + "z".repeat(100)).print(new PrintWriter(text, true));

        assertThat(text.toString().lines()).hasSize(2);
        assertThat(text.toString().lines().skip(1).findFirst().orElseThrow()).startsWith("a b c").hasSize(60);
    }

    @Test
    void choicesNameTheAllowedValues() {
        assertThat(Choices.parse(RoomType.class, " Broadcast ", "--type")).isEqualTo(RoomType.BROADCAST);
        assertThatThrownBy(() -> Choices.parse(RoomType.class, "forum", "--type"))
                .hasMessage("--type must be one of channel, dm, group, broadcast, was forum");
    }
}
