package dev.realtime.standalone.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags the benchmarks measure are the ones that ship: the launcher's {@code DEFAULT_JAVA_OPTS}, the
 * README's {@code java -jar} line, the systemd unit (which runs the launcher) and the benchmark scripts agree.
 */
class ShippedJvmFlagsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    private static String defaultJavaOpts() throws IOException {
        Matcher m = Pattern.compile("(?m)^DEFAULT_JAVA_OPTS=\"([^\"]+)\"$").matcher(read("bin/realtime"));
        assertThat(m.find()).as("DEFAULT_JAVA_OPTS=\"...\" on a line of its own in bin/realtime").isTrue();
        return m.group(1);
    }

    @Test
    void readmeShowsTheLauncherDefaults() throws IOException {
        String readme = read("README.md").replaceAll("\\s+", " ");
        assertThat(readme).contains("java " + defaultJavaOpts() + " -jar realtime-standalone/target/realtime-standalone.jar serve");
    }

    @Test
    void systemdRunsTheLauncherWithoutFlagsOfItsOwn() throws IOException {
        String unit = read("deploy/realtime.service");
        assertThat(unit).contains("ExecStart=/opt/realtime/bin/realtime serve").doesNotContain("JAVA_OPTS=");
    }

    @Test
    void benchmarksUseTheLauncherDefaults() throws IOException {
        assertThat(read("bench/storm.sh")).contains("DEFAULT_JAVA_OPTS=\"\\(.*\\)\"", "\"$ROOT/bin/realtime\" serve");
        assertThat(read("bench/run.sh")).contains("DEFAULT_JAVA_OPTS=\"\\(.*\\)\"");
    }
}
