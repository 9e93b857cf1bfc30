package dev.realtime.standalone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvSourceTest {
    @TempDir
    Path dir;

    @Test
    void realEnvironmentWinsOverTheFile() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "# comment\n\nREALTIME_PORT=4000\nexport REALTIME_HOST=\"127.0.0.1\"\n"
                + "REALTIME_ROOMS='a,b'\nLOG_LEVEL=debug # inline comment\n");
        Map<String, String> merged = EnvSource.load(Map.of("REALTIME_PORT", "5000"), file);
        assertThat(merged).containsEntry("REALTIME_PORT", "5000").containsEntry("REALTIME_HOST", "127.0.0.1")
                .containsEntry("REALTIME_ROOMS", "a,b").containsEntry("LOG_LEVEL", "debug");
    }

    @Test
    void missingFileIsFine() {
        assertThat(EnvSource.load(Map.of("A", "1"), dir.resolve("absent.env"))).containsExactlyEntriesOf(Map.of("A", "1"));
    }

    @Test
    void malformedLinesAreNamed() {
        assertThatThrownBy(() -> EnvSource.parse(List.of("GOOD=1", "no equals sign", "1BAD=x"), ".env"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        ".env line 2: expected NAME=value", ".env line 3: expected NAME=value"));
    }
}
