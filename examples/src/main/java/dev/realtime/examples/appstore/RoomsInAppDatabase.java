package dev.realtime.examples.appstore;

import dev.realtime.core.Realtime;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;

/**
 * Rooms from the application's own database, the event log in PostgreSQL: each part of the store is plugged in
 * separately. Connections and presence stay in memory here (set {@code connectionStore}/{@code presenceStore}
 * to keep them too).
 */
public final class RoomsInAppDatabase {
    private RoomsInAppDatabase() {
    }

    /**
     * @param rooms       the application's rooms and memberships
     * @param databaseUrl the PostgreSQL database of the event log, e.g. {@code postgresql://realtime@db:5432/realtime}
     */
    public static Realtime build(RoomStore rooms, String databaseUrl, Authenticator authenticator,
                                 Transport transport) {
        PostgresStore eventLog = PostgresStore.open(PostgresStoreOptions.builder(databaseUrl).build());
        return Realtime.builder()
                .roomStore(rooms)
                .eventLog(eventLog)   // closed by the node with close()
                .authenticator(authenticator)
                .transport(transport)
                .build();
    }
}
