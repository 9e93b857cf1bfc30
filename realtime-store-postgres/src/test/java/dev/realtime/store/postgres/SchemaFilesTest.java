package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The migrator's list of files is the {@code schema/} directory, and the jar carries every file. */
class SchemaFilesTest {
    @Test
    void migratorListsExactlyTheFilesOfTheSchemaDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("realtime.schema.dir", "../schema"));
        List<String> onDisk;
        try (Stream<Path> files = Files.list(dir)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__\\w+\\.sql"))
                    .sorted().toList();
        }

        assertThat(SchemaMigrator.FILES).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void bundledFilesLoadInVersionOrderWithStableChecksums() {
        List<SchemaMigrator.Migration> first = SchemaMigrator.loadBundled();
        List<SchemaMigrator.Migration> second = SchemaMigrator.loadBundled();

        assertThat(first).extracting(SchemaMigrator.Migration::version).isSorted().doesNotHaveDuplicates();
        assertThat(first.get(0).sql()).contains("CREATE TABLE IF NOT EXISTS realtime_events");
        assertThat(first).extracting(SchemaMigrator.Migration::checksum)
                .isEqualTo(second.stream().map(SchemaMigrator.Migration::checksum).toList());
    }

    @Test
    void checksumIgnoresLineEndings() {
        assertThat(SchemaMigrator.Migration.of("V2__x.sql", "a;\r\nb;").checksum())
                .isEqualTo(SchemaMigrator.Migration.of("V2__x.sql", "a;\nb;").checksum());
    }

    @Test
    void refusesBadFileNames() {
        assertThatThrownBy(() -> SchemaMigrator.Migration.of("initial.sql", "")).hasMessageContaining("V1__");
    }
}
