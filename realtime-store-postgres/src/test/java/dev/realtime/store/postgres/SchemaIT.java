package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying the schema is idempotent, safe from two nodes at once, and refuses edited files. */
class SchemaIT {
    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void applyingTwiceAppliesEachFileOnce() {
        try (PostgresStore first = PostgresStore.open(database.options().build())) {
            assertThat(first.schema().appliedVersions()).containsExactly(1, 2, 3, 4);
            assertThat(first.schema().migrate()).isEmpty();
        }
        try (PostgresStore second = PostgresStore.open(database.options().build())) {
            assertThat(second.schema().appliedVersions()).containsExactly(1, 2, 3, 4);
            assertThat(second.schema().latestVersion()).isEqualTo(4);
        }
        assertThat(database.queryLong("SELECT count(*) FROM realtime_schema_version")).isEqualTo(4);
    }

    @Test
    void twoNodesStartingAtOnceBothSucceedAndApplyOnce() throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PostgresStore>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Callable<PostgresStore> open = () -> {
                    go.await();
                    return PostgresStore.open(database.options().poolSize(1).build());
                };
                opened.add(pool.submit(open));
            }
            go.countDown();
            for (Future<PostgresStore> f : opened) {
                try (PostgresStore store = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(store.schema().appliedVersions()).containsExactly(1, 2, 3, 4);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(database.queryLong("SELECT count(*) FROM realtime_schema_version")).isEqualTo(4);
        assertThat(database.queryLong(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'realtime\\_%' AND schemaname = 'public'"))
                .isEqualTo(9); // eight tables and the version table
    }

    @Test
    void aNodeWaitsForAnotherNodesMigrationLongerThanItsLockTimeout() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection other = database.connect(); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("SELECT pg_advisory_xact_lock(" + 0x7265616c74696d65L + ")"); // as a migrating node would
            Future<PostgresStore> opening = pool.submit(() -> PostgresStore.open(database.options()
                    .lockTimeout(java.time.Duration.ofMillis(200)).build()));

            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> database.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            + "AND wait_event_type = 'Lock' AND now() - query_start > interval '1 second'") == 1);
            other.commit();

            try (PostgresStore store = opening.get(60, TimeUnit.SECONDS)) {
                assertThat(store.schema().appliedVersions()).containsExactly(1, 2, 3, 4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFileAppliedByHandFirstIsHarmless() {
        database.sql(SchemaMigrator.loadBundled().get(0).sql());

        try (PostgresStore store = PostgresStore.open(database.options().build())) {
            assertThat(store.schema().appliedVersions()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void aFileEditedAfterItWasAppliedIsRefused() {
        try (PostgresStore store = PostgresStore.open(database.options().build())) {
            SchemaMigrator.Migration original = SchemaMigrator.loadBundled().get(0);
            SchemaMigrator.Migration edited = SchemaMigrator.Migration.of(original.fileName(),
                    original.sql() + "\n-- edited\n");
            SchemaMigrator migrator = new SchemaMigrator(dataSourceOf(store), List.of(edited));

            assertThatThrownBy(migrator::migrate).isInstanceOfSatisfying(RealtimeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                    .hasMessageContaining("V1__initial.sql");
        }
    }

    @Test
    void aFailingFileLeavesNothingBehind() {
        SchemaMigrator.Migration broken = SchemaMigrator.Migration.of("V1__broken.sql",
                "CREATE TABLE realtime_half (id int); SELECT no_such_function();");
        try (PostgresStore store = PostgresStore.open(database.options().applySchema(false).build())) {
            SchemaMigrator migrator = new SchemaMigrator(dataSourceOf(store), List.of(broken));

            assertThatThrownBy(migrator::migrate).isInstanceOf(RealtimeException.class);
            assertThat(migrator.appliedVersions()).isEmpty();
            assertThat(database.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'realtime_half'"))
                    .isZero();
        }
    }

    @Test
    void anUnreachableServerFailsOpenWithUnavailableAndNoPassword() {
        DatabaseUrl nowhere = DatabaseUrl.parse("postgresql://app:hunter2@127.0.0.1:1/db");
        PostgresStoreOptions options = PostgresStoreOptions.builder(nowhere)
                .connectionTimeout(java.time.Duration.ofMillis(500)).build();

        assertThatThrownBy(() -> PostgresStore.open(options)).isInstanceOfSatisfying(RealtimeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE)).hasMessageNotContaining("hunter2");
    }

    private static javax.sql.DataSource dataSourceOf(PostgresStore store) {
        return store.dataSource();
    }
}
