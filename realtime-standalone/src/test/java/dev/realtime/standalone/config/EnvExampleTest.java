package dev.realtime.standalone.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repository's {@code .env.example} and {@code docs/configuration.md} stay true to the loader. */
class EnvExampleTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void envExampleHoldsTheDefaults() throws Exception {
        Map<String, String> example = new HashMap<>(EnvSource.parse(
                Files.readAllLines(ROOT.resolve(".env.example")), ".env.example"));
        example.put("REALTIME_ALLOW_ANONYMOUS", "true");
        ServerConfig fromExample = ConfigLoader.load(example);
        ServerConfig defaults = ConfigLoader.load(Map.of("REALTIME_ALLOW_ANONYMOUS", "true"));
        assertThat(fromExample).usingRecursiveComparison().isEqualTo(defaults);
    }

    @Test
    void everyVariableIsDocumented() throws Exception {
        String docs = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (String name : EnvSource.parse(Files.readAllLines(ROOT.resolve(".env.example")), ".env.example").keySet()) {
            assertThat(docs).as(name + " is documented").contains("`" + name + "`");
        }
    }
}
