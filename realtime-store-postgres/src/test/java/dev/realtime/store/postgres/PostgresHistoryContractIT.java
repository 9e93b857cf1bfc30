package dev.realtime.store.postgres;

import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.History;
import dev.realtime.testkit.HistoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL history honours the history contract, against a real server, in a database of its own. */
class PostgresHistoryContractIT extends HistoryContract {
    private static TestDatabase database;
    private static PostgresStore store;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
        store = PostgresStore.open(database.options().build());
    }

    @AfterAll
    static void dropDatabase() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected History createHistory(Clock clock) {
        return store.history(clock);
    }
}
