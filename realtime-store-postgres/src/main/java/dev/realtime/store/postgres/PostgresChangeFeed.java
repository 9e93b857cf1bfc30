package dev.realtime.store.postgres;

import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code realtime_room_changes} channel on one daemon thread with its own connection (a pooled
 * one would be held forever), reporting each change to the listener.
 *
 * <p>When the connection breaks (a database restart, a terminated backend) it reconnects with backoff, listens
 * again and reports a full re-read, because notifications sent meanwhile are lost: every room and membership
 * that exists now or was known before (see {@link KnownRoomRows}).
 */
final class PostgresChangeFeed implements AutoCloseable {
    static final String CHANNEL = "realtime_room_changes";
    /** The application name of the listening connection, distinct from the pool's {@code realtime}. */
    static final String APPLICATION_NAME = "realtime-change-feed";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);
    private static final int POLL_MILLIS = 500;
    /** An idle connection is checked this often, so a silently dead one is noticed. */
    private static final long HEALTH_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int PENDING = 0;
    private static final int LISTENING_BEFORE_SUBSCRIBE_RETURNED = 1;
    private static final int LATE = 2;

    /** Opens the dedicated connection. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final Consumer<RoomChange> listener;
    /** Held while the listener runs, so that {@link #close()} can promise no report starts after it. */
    private final Object reporting = new Object();
    private final String where;
    private final Thread thread;
    private final KnownRoomRows known = new KnownRoomRows();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private final AtomicInteger start = new AtomicInteger(PENDING);
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile boolean listening;

    /**
     * @param where where the database is, for logs (without the password)
     */
    PostgresChangeFeed(ConnectionSource connections, Consumer<RoomChange> listener, String where) {
        this.connections = connections;
        this.listener = listener;
        this.where = where;
        this.thread = new Thread(this::run, "realtime-postgres-change-feed");
        thread.setDaemon(true);
    }

    /** Connections with the URL, credentials and limits of the store's pool, outside the pool. */
    static ConnectionSource connectionsFor(PostgresStoreOptions options) {
        DatabaseUrl url = options.url();
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        String connectSeconds = Long.toString(Math.max(1, options.connectionTimeout().toSeconds()));
        props.setProperty("connectTimeout", connectSeconds);
        props.setProperty("loginTimeout", connectSeconds);
        props.setProperty("socketTimeout", Long.toString(Math.max(1, options.socketTimeout().toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("options", "-c statement_timeout=" + options.statementTimeout().toMillis()
                + " -c lock_timeout=" + options.lockTimeout().toMillis());
        return () -> DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /**
     * Starts the thread and waits up to {@code wait} for it to listen. When it listens in time, changes
     * committed from now on are reported; when it does not (the database is down), it keeps trying and reports
     * a full re-read once it listens.
     */
    void start(Duration wait) {
        thread.start();
        try {
            if (!firstListen.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                start.compareAndSet(PENDING, LATE);
                LOG.warn("change feed not listening on {} yet; will re-read all rooms once it is", where);
            }
        } catch (InterruptedException e) {
            start.compareAndSet(PENDING, LATE);
            Thread.currentThread().interrupt();
        }
    }

    ChangeFeedStats stats() {
        return new ChangeFeedStats(listening, notifications.get(), malformed.get(), reconnects.get(),
                listenerFailures.get());
    }

    /**
     * Stops the thread; it ends within one poll interval, or once a connect in progress gives up. No report
     * starts after this returns.
     */
    @Override
    public void close() {
        synchronized (reporting) { // waits for a report in progress
            stop.countDown();
        }
        if (Thread.currentThread() == thread) {
            return; // closed by the listener itself
        }
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean everListened = false;
        boolean outageLogged = false;
        while (!stopped()) {
            try (Connection c = connections.open()) {
                listen(c);
                // Read after LISTEN: a change committed in between is both read and notified, never neither.
                List<RoomChange> resync = known.replaceAll(readAll(c));
                listen(c); // harmless again; keeps LISTEN as the statement pg_stat_activity shows
                boolean silent = !everListened && start.compareAndSet(PENDING, LISTENING_BEFORE_SUBSCRIBE_RETURNED);
                listening = true;
                firstListen.countDown();
                if (everListened) {
                    reconnects.incrementAndGet();
                }
                if (everListened || outageLogged) {
                    LOG.info("change feed listening again on {}; re-reading {} rooms and memberships", where,
                            resync.size());
                }
                everListened = true;
                outageLogged = false;
                backoff = FIRST_BACKOFF_MILLIS;
                if (!silent) {
                    resync.forEach(this::report);
                }
                follow(c);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopped()) {
                    break;
                }
                if (!outageLogged) {
                    LOG.warn("change feed lost PostgreSQL at {}: {}; reconnecting with backoff", where,
                            e.getMessage());
                    outageLogged = true;
                } else {
                    LOG.debug("change feed still cannot reach {}: {}", where, e.getMessage());
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        listening = false;
    }

    /** Reports notifications until stopped; throws when the connection breaks. */
    private void follow(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (!stopped()) {
            PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
            if (batch != null && batch.length > 0) {
                for (PGNotification n : batch) {
                    handle(c, n.getParameter());
                }
                lastHeard = System.nanoTime();
            } else if (System.nanoTime() - lastHeard > HEALTH_CHECK_NANOS) {
                listen(c); // a round trip that fails on a dead connection
                lastHeard = System.nanoTime();
            }
        }
    }

    private static void listen(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
    }

    private void handle(Connection c, String payload) throws SQLException {
        Optional<RoomChangeNotice> parsed = RoomChangeNotice.parse(payload);
        if (parsed.isEmpty()) {
            malformed.incrementAndGet();
            LOG.warn("ignored a notification on {} that the triggers do not send: {}", CHANNEL,
                    payload == null || payload.length() <= 200 ? payload : payload.substring(0, 200) + "...");
            return;
        }
        notifications.incrementAndGet();
        RoomChangeNotice notice = parsed.get();
        if (notice.op() == RoomChangeNotice.Op.MEMBERS) {
            known.replaceRoom(notice.room(), readMembers(c, notice.room())).forEach(this::report);
        } else {
            known.apply(notice);
            report(new RoomChange(notice.room(), notice.user()));
        }
    }

    private void report(RoomChange change) {
        synchronized (reporting) {
            if (stopped()) {
                return;
            }
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                LOG.warn("change feed listener failed on {}", change, e);
            }
        }
    }

    /** Every room with its members. */
    private static Map<String, Set<String>> readAll(Connection c) throws SQLException {
        Map<String, Set<String>> rooms = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT r.name, m.user_id FROM realtime_rooms r "
                     + "LEFT JOIN realtime_room_members m ON m.room_id = r.id")) {
            while (rs.next()) {
                Set<String> members = rooms.computeIfAbsent(rs.getString(1), r -> new HashSet<>());
                String user = rs.getString(2);
                if (user != null) {
                    members.add(user);
                }
            }
        }
        return rooms;
    }

    /** The members of one room, or null when the room does not exist. */
    private static Set<String> readMembers(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.user_id FROM realtime_rooms r "
                + "LEFT JOIN realtime_room_members m ON m.room_id = r.id WHERE r.name = ?")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> members = null;
                while (rs.next()) {
                    if (members == null) {
                        members = new HashSet<>();
                    }
                    String user = rs.getString(1);
                    if (user != null) {
                        members.add(user);
                    }
                }
                return members;
            }
        }
    }

    private void pause(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }
}
