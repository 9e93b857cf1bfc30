package dev.realtime.store.postgres;

import dev.realtime.core.spi.store.Store;
import dev.realtime.testkit.StoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL store honours the store contract, against a real server, in a database of its own. */
class PostgresStoreContractIT extends StoreContract {
    private static TestDatabase database;
    private static PostgresStore shared;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
        shared = PostgresStore.open(database.options().build());
    }

    @AfterAll
    static void dropDatabase() {
        if (shared != null) {
            shared.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Store createStore() {
        database.sql("TRUNCATE realtime_rooms, realtime_room_members, realtime_connections, realtime_presence, "
                + "realtime_typing, realtime_events");
        return shared;
    }

    @Override
    protected void releaseStore(Store used) {
        // The pool is shared by every test of this class and closed once, after all of them.
    }
}
