package dev.realtime.store.postgres;

import dev.realtime.core.spi.store.Store;
import dev.realtime.testkit.RoomChangeFeedContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL change feed (LISTEN/NOTIFY from triggers) honours the feed contract, in a database of its own. */
class PostgresRoomChangeFeedContractIT extends RoomChangeFeedContract {
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Store createStore() {
        PostgresStore store = PostgresStore.open(database.options().build()); // migrates the schema
        database.sql("DELETE FROM realtime_rooms"); // memberships go with their rooms
        return store;
    }
}
