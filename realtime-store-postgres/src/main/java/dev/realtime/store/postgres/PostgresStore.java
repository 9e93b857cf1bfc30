package dev.realtime.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.RoomChangeFeed;
import dev.realtime.core.spi.store.Store;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on PostgreSQL: a HikariCP pool, the versioned schema applied on open, idempotent batched
 * writes (multi-row upserts; events by {@code COPY}, a replayed batch with {@code ON CONFLICT DO NOTHING}), and
 * scheduled maintenance on its own daemon thread. As a {@link RoomChangeFeed} it reports rooms and memberships changed by anyone (the CLI,
 * another node, plain SQL), announced by the triggers of schema version 2.
 *
 * <p>Every method but {@link #isAvailable()} may block up to the configured timeouts and then throws
 * {@link RealtimeException} with {@code UNAVAILABLE}; rows the database refuses for their content give
 * {@code VALIDATION_ERROR}, and a membership of a missing room gives {@code ROOM_NOT_FOUND}. Thread-safe.
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.open(PostgresStoreOptions.builder(System.getenv("DATABASE_URL")).build())) {
 *     ...
 * }
 * }</pre>
 */
public final class PostgresStore implements Store, RoomChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    /** How old the answer of {@link #isAvailable()} may be before a new probe starts. */
    private static final long PROBE_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HikariDataSource dataSource;
    private final PostgresStoreOptions options;
    private final RoomRepository rooms;
    private final ConnectionRepository connections;
    private final PresenceRepository presence;
    private final EventLogRepository events;
    private final Maintenance maintenance;
    private final SchemaMigrator migrator;
    private final AdminQueries admin;
    private final AvailabilityProbe probe;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<PostgresChangeFeed> changeFeed = new AtomicReference<>();

    private PostgresStore(HikariDataSource dataSource, PostgresStoreOptions options) {
        this.dataSource = dataSource;
        this.options = options;
        Jdbc jdbc = new Jdbc(dataSource);
        this.rooms = new RoomRepository(jdbc);
        this.connections = new ConnectionRepository(jdbc);
        this.presence = new PresenceRepository(jdbc);
        this.events = new EventLogRepository(jdbc, options.durableEventLog());
        this.maintenance = new Maintenance(jdbc, options);
        this.migrator = new SchemaMigrator(dataSource);
        this.admin = new AdminQueries(jdbc, this);
        this.probe = new AvailabilityProbe(dataSource, (int) Math.max(1, options.connectionTimeout().toSeconds()),
                PROBE_MAX_AGE_NANOS, System::nanoTime);
    }

    /**
     * Connects, applies pending schema files (unless turned off) and starts maintenance.
     *
     * @throws RealtimeException {@code UNAVAILABLE} when the database cannot be reached within the
     *                           connection timeout or the schema cannot be applied
     */
    public static PostgresStore open(PostgresStoreOptions options) {
        HikariDataSource dataSource = createPool(options);
        PostgresStore store = new PostgresStore(dataSource, options);
        try {
            if (options.applySchema()) {
                List<Integer> applied = store.migrator.migrate();
                if (!applied.isEmpty()) {
                    LOG.info("schema versions {} applied to {}", applied, options.url());
                }
            }
            store.maintenance.start();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static HikariDataSource createPool(PostgresStoreOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("realtime-postgres");
        config.setJdbcUrl(options.url().jdbcUrl());
        config.setUsername(options.url().user());
        config.setPassword(options.url().password());
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(options.connectionTimeout().toMillis(), 5_000));
        config.setInitializationFailTimeout(options.connectionTimeout().toMillis());
        long seconds = Math.max(1, options.socketTimeout().toSeconds());
        config.addDataSourceProperty("socketTimeout", Long.toString(seconds));
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, options.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("loginTimeout", Long.toString(Math.max(1, options.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "realtime");
        // Server-side limits, so a locked table or a runaway query ends with an error instead of a hang.
        config.addDataSourceProperty("options", "-c statement_timeout=" + options.statementTimeout().toMillis()
                + " -c lock_timeout=" + options.lockTimeout().toMillis()
                + " -c idle_in_transaction_session_timeout=" + options.socketTimeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "PostgreSQL at " + options.url().jdbcUrl()
                    + " is not reachable: " + rootMessage(e), e);
        }
    }

    /**
     * The message history in this database, sharing this store's pool (closing the store ends it too).
     *
     * @param clock measures the rooms' age bounds
     */
    public PostgresHistory history(dev.realtime.core.spi.Clock clock) {
        return new PostgresHistory(new Jdbc(dataSource), clock);
    }

    /** Read-only queries for operators. */
    public AdminQueries admin() {
        return admin;
    }

    /** Runs maintenance now on the calling thread (the scheduled runs continue as before). */
    public MaintenanceReport runMaintenance() {
        return maintenance.runOnce();
    }

    /** Scheduled maintenance runs that failed since open. */
    public long maintenanceFailures() {
        return maintenance.failures();
    }

    /** The schema migrator of this database. */
    public SchemaMigrator schema() {
        return migrator;
    }

    /** The pool, for tests in this package. */
    DataSource dataSource() {
        return dataSource;
    }

    public PostgresStoreOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "postgres";
    }

    /**
     * Never blocks: the outcome of the last background probe, which is at most about a second old when
     * asked for regularly (a dead server may keep the first probe busy for the connection timeout).
     */
    @Override
    public boolean isAvailable() {
        return !closed.get() && probe.isAvailable();
    }

    @Override
    public List<Room> loadRooms() {
        return rooms.loadRooms();
    }

    @Override
    public Optional<Room> findRoom(String name) {
        return rooms.findRoom(name);
    }

    @Override
    public void saveRoom(Room room) {
        rooms.saveRoom(room);
    }

    @Override
    public boolean deleteRoom(String name) {
        return rooms.deleteRoom(name);
    }

    @Override
    public List<Membership> members(String roomName) {
        return rooms.members(roomName);
    }

    @Override
    public Optional<Membership> findMembership(String roomName, String userId) {
        return rooms.findMembership(roomName, userId);
    }

    @Override
    public List<Membership> loadMemberships() {
        return rooms.allMemberships();
    }

    @Override
    public List<Membership> membershipsOf(String userId) {
        return rooms.membershipsOf(userId);
    }

    @Override
    public void saveMembership(Membership membership) {
        rooms.saveMembership(membership);
    }

    @Override
    public boolean removeMembership(String roomName, String userId) {
        return rooms.removeMembership(roomName, userId);
    }

    @Override
    public void saveConnections(List<ConnectionInfo> rows) {
        connections.save(rows);
    }

    @Override
    public List<ConnectionInfo> openConnections(int limit) {
        return connections.open(limit);
    }

    @Override
    public void savePresence(List<Presence> snapshots) {
        presence.save(snapshots);
    }

    @Override
    public List<Presence> loadPresence(Collection<String> userIds) {
        return presence.load(userIds);
    }

    @Override
    public void appendEvents(List<EventLogEntry> entries) {
        events.append(entries);
    }

    @Override
    public List<EventLogEntry> recentEvents(EventQuery query) {
        return events.recent(query);
    }

    /**
     * Starts reporting changed rooms and memberships to {@code listener} from a daemon thread with its own
     * connection ({@code LISTEN realtime_room_changes}), waiting up to the connection timeout for it to listen.
     * Never fails for an unreachable database: the thread keeps reconnecting with backoff, and after every
     * reconnect it reports every room and membership that exists or existed before, since notifications sent
     * while it was away are lost. Listener exceptions are logged and counted. Closing the subscription ends the
     * thread and its connection; the store may then be subscribed to again.
     *
     * @throws IllegalStateException when the store is closed or already has a listener
     */
    @Override
    public Subscription subscribe(Consumer<RoomChange> listener) {
        Objects.requireNonNull(listener, "listener");
        PostgresChangeFeed feed = new PostgresChangeFeed(PostgresChangeFeed.connectionsFor(options), listener,
                options.url().toString());
        if (closed.get()) {
            throw new IllegalStateException("the store is closed");
        }
        if (!changeFeed.compareAndSet(null, feed)) {
            throw new IllegalStateException("the store already reports changes to a listener");
        }
        feed.start(options.connectionTimeout());
        if (closed.get()) { // closed while starting: close() may have missed the feed
            feed.close();
        }
        return () -> {
            feed.close();
            changeFeed.compareAndSet(feed, null);
        };
    }

    /**
     * Counters of the change feed; {@link ChangeFeedStats#NOT_SUBSCRIBED} before {@link #subscribe} and after its
     * subscription is closed.
     */
    public ChangeFeedStats changeFeedStats() {
        PostgresChangeFeed feed = changeFeed.get();
        return feed == null ? ChangeFeedStats.NOT_SUBSCRIBED : feed.stats();
    }

    /** Stops the change feed and maintenance and closes the pool; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            PostgresChangeFeed feed = changeFeed.get();
            if (feed != null) {
                feed.close();
            }
            maintenance.close();
            probe.close();
            dataSource.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore{" + options.url() + "}";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
