package dev.realtime.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic housekeeping on its own daemon thread: expired typing rows, presence from activity, stale
 * connections of dead nodes, and event-log retention in small batches. In a cluster only the node holding
 * an advisory lock does a given run; the others skip it. Failures are logged and counted, never thrown
 * to the scheduler, so the next run still happens.
 */
final class Maintenance implements AutoCloseable {
    /** Advisory lock key: "realtime" in ASCII plus one. */
    private static final long LOCK_KEY = 0x7265616c74696d66L;
    /** A run deletes at most this many retention batches, so a huge backlog is spread over several runs. */
    private static final int MAX_RETENTION_BATCHES_PER_RUN = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final Jdbc jdbc;
    private final PostgresStoreOptions options;
    private final AtomicLong failures = new AtomicLong();
    private ScheduledExecutorService scheduler;

    Maintenance(Jdbc jdbc, PostgresStoreOptions options) {
        this.jdbc = jdbc;
        this.options = options;
    }

    /** Starts the periodic runs unless the interval is zero; the first run comes one interval from now. */
    synchronized void start() {
        Duration every = options.maintenanceInterval();
        if (every.isZero() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "realtime-postgres-maintenance");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs that failed since start. */
    long failures() {
        return failures.get();
    }

    /** One run, now, on the calling thread. */
    MaintenanceReport runOnce() {
        return jdbc.call("run maintenance", c -> {
            if (!tryLock(c)) {
                return MaintenanceReport.skipped();
            }
            try {
                int typing = callCount(c, "SELECT cleanup_expired_typing()", null);
                int presence = callCount(c, "SELECT update_presence_from_activity(?)", options.awayAfter());
                int stale = options.staleConnectionAfter().isZero() ? 0
                        : callCount(c, "SELECT disconnect_stale_connections(?)", options.staleConnectionAfter());
                long deleted = options.eventRetention().isZero() ? 0 : deleteOldEvents(c);
                return new MaintenanceReport(true, typing, presence, stale, deleted);
            } finally {
                unlock(c);
            }
        });
    }

    private void runLogged() {
        try {
            MaintenanceReport report = runOnce();
            if (report.ran()) {
                LOG.debug("maintenance: {}", report);
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("PostgreSQL maintenance failed, will retry next run: {}", e.getMessage());
        }
    }

    private long deleteOldEvents(Connection c) throws SQLException {
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM realtime_events WHERE id IN (
                    SELECT id FROM realtime_events
                    WHERE created_at < now() - make_interval(secs => ?)
                    ORDER BY created_at LIMIT ?)""")) {
            ps.setDouble(1, options.eventRetention().toMillis() / 1000.0);
            ps.setInt(2, options.retentionBatchSize());
            for (int batch = 0; batch < MAX_RETENTION_BATCHES_PER_RUN; batch++) {
                int deleted = ps.executeUpdate(); // auto-commit: each batch is its own short transaction
                total += deleted;
                if (deleted < options.retentionBatchSize()) {
                    break;
                }
            }
        }
        return total;
    }

    private static int callCount(Connection c, String sql, Duration interval) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(interval == null ? sql
                : sql.replace("?", "make_interval(secs => ?)"))) {
            if (interval != null) {
                ps.setDouble(1, interval.toMillis() / 1000.0);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
