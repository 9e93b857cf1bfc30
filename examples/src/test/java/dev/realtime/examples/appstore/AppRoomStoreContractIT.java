package dev.realtime.examples.appstore;

import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.testkit.RoomStoreContract;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The application's room store honours the testkit's room-store contract, each test in a schema of its own. */
class AppRoomStoreContractIT extends RoomStoreContract {
    private static ExampleDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = ExampleDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected RoomStore createRoomStore() {
        String schema = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        return new AppRoomStore(database.jdbcUrl(), schema).createTables();
    }
}
