package dev.realtime.store.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link PostgresStore}; build with {@link #builder(DatabaseUrl)}, derive with
 * {@link #toBuilder()}. Every value is checked when set. Timeouts exist so that no thread waits forever on an
 * unreachable or locked database.
 */
public final class PostgresStoreOptions {
    private final DatabaseUrl url;
    private final int poolSize;
    private final Duration connectionTimeout;
    private final Duration socketTimeout;
    private final Duration statementTimeout;
    private final Duration lockTimeout;
    private final boolean applySchema;
    private final Duration maintenanceInterval;
    private final Duration awayAfter;
    private final Duration staleConnectionAfter;
    private final Duration eventRetention;
    private final int retentionBatchSize;
    private final boolean durableEventLog;

    private PostgresStoreOptions(Builder b) {
        this.url = b.url;
        this.poolSize = b.poolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.socketTimeout = b.socketTimeout;
        this.statementTimeout = b.statementTimeout;
        this.lockTimeout = b.lockTimeout;
        this.applySchema = b.applySchema;
        this.maintenanceInterval = b.maintenanceInterval;
        this.awayAfter = b.awayAfter;
        this.staleConnectionAfter = b.staleConnectionAfter;
        this.eventRetention = b.eventRetention;
        this.retentionBatchSize = b.retentionBatchSize;
        this.durableEventLog = b.durableEventLog;
    }

    /** Options for this database with the defaults described on each builder method. */
    public static Builder builder(DatabaseUrl url) {
        return new Builder(url);
    }

    /** Options for a {@code DATABASE_URL} in either accepted form. */
    public static Builder builder(String databaseUrl) {
        return new Builder(DatabaseUrl.parse(databaseUrl));
    }

    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.poolSize = poolSize;
        b.connectionTimeout = connectionTimeout;
        b.socketTimeout = socketTimeout;
        b.statementTimeout = statementTimeout;
        b.lockTimeout = lockTimeout;
        b.applySchema = applySchema;
        b.maintenanceInterval = maintenanceInterval;
        b.awayAfter = awayAfter;
        b.staleConnectionAfter = staleConnectionAfter;
        b.eventRetention = eventRetention;
        b.retentionBatchSize = retentionBatchSize;
        b.durableEventLog = durableEventLog;
        return b;
    }

    public DatabaseUrl url() {
        return url;
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public boolean applySchema() {
        return applySchema;
    }

    /** Zero when scheduled maintenance is off. */
    public Duration maintenanceInterval() {
        return maintenanceInterval;
    }

    public Duration awayAfter() {
        return awayAfter;
    }

    /** Zero when stale connections are never closed by maintenance. */
    public Duration staleConnectionAfter() {
        return staleConnectionAfter;
    }

    /** Zero when the event log is kept forever. */
    public Duration eventRetention() {
        return eventRetention;
    }

    public int retentionBatchSize() {
        return retentionBatchSize;
    }

    /** Whether event-log batches wait for the WAL flush when they commit. */
    public boolean durableEventLog() {
        return durableEventLog;
    }

    @Override
    public String toString() {
        return "PostgresStoreOptions{url=" + url + ", poolSize=" + poolSize + ", connectionTimeout="
                + connectionTimeout + ", socketTimeout=" + socketTimeout + ", statementTimeout=" + statementTimeout
                + ", lockTimeout=" + lockTimeout + ", applySchema=" + applySchema + ", maintenanceInterval="
                + maintenanceInterval + ", awayAfter=" + awayAfter + ", staleConnectionAfter="
                + staleConnectionAfter + ", eventRetention=" + eventRetention + ", durableEventLog=" + durableEventLog
                + "}";
    }

    /** Builder for {@link PostgresStoreOptions}. */
    public static final class Builder {
        private final DatabaseUrl url;
        private int poolSize = 4;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration statementTimeout = Duration.ofSeconds(15);
        private Duration lockTimeout = Duration.ofSeconds(5);
        private boolean applySchema = true;
        private Duration maintenanceInterval = Duration.ofMinutes(1);
        private Duration awayAfter = Duration.ofMinutes(5);
        private Duration staleConnectionAfter = Duration.ofMinutes(15);
        private Duration eventRetention = Duration.ofDays(30);
        private int retentionBatchSize = 5_000;
        private boolean durableEventLog;

        private Builder(DatabaseUrl url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** Largest number of pooled connections (default 4: one writer thread, reads at start-up, operators). */
        public Builder poolSize(int size) {
            if (size < 1 || size > 100) {
                throw new IllegalArgumentException("poolSize must be 1..100, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** How long to wait for a pooled connection (default 5 s). */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = atLeast(timeout, Duration.ofMillis(250), "connectionTimeout");
            return this;
        }

        /** How long a read from the database socket may block (default 30 s); must exceed the statement timeout. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = atLeast(timeout, Duration.ofSeconds(1), "socketTimeout");
            return this;
        }

        /** Server-side limit of one statement (default 15 s). */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = atLeast(timeout, Duration.ofMillis(100), "statementTimeout");
            return this;
        }

        /** Server-side limit on waiting for a row or table lock (default 5 s). */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = atLeast(timeout, Duration.ofMillis(100), "lockTimeout");
            return this;
        }

        /** Whether opening the store applies pending schema files (default true). */
        public Builder applySchema(boolean apply) {
            this.applySchema = apply;
            return this;
        }

        /** Period of the background maintenance; zero turns it off (default 1 min). */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenanceInterval = zeroOrAtLeast(interval, Duration.ofSeconds(1), "maintenanceInterval");
            return this;
        }

        /** Inactivity after which maintenance turns an online user away (default 5 min). */
        public Builder awayAfter(Duration after) {
            this.awayAfter = atLeast(after, Duration.ofSeconds(1), "awayAfter");
            return this;
        }

        /**
         * How long an open connection row may go unwritten before maintenance closes it, because its node
         * is presumed dead (default 15 min); zero turns it off. Nodes must rewrite open rows more often.
         */
        public Builder staleConnectionAfter(Duration after) {
            this.staleConnectionAfter = zeroOrAtLeast(after, Duration.ofSeconds(1), "staleConnectionAfter");
            return this;
        }

        /** Age after which event-log rows are deleted (default 30 days); zero keeps them forever. */
        public Builder eventRetention(Duration retention) {
            this.eventRetention = zeroOrAtLeast(retention, Duration.ofMinutes(1), "eventRetention");
            return this;
        }

        /** Rows deleted per retention transaction, so deleting a backlog never holds long locks (default 5000). */
        public Builder retentionBatchSize(int size) {
            if (size < 1 || size > 1_000_000) {
                throw new IllegalArgumentException("retentionBatchSize must be 1..1000000, was " + size);
            }
            this.retentionBatchSize = size;
            return this;
        }

        /**
         * Whether event-log batches commit with the server's {@code synchronous_commit} setting, waiting for the
         * WAL flush (default false: they commit with {@code synchronous_commit = off}, so a server crash can lose
         * the last fraction of a second of events, the same kind of loss as the engine's queue of unwritten
         * events when a node dies). Rooms, memberships, connections and presence always commit durably.
         */
        public Builder durableEventLog(boolean durable) {
            this.durableEventLog = durable;
            return this;
        }

        public PostgresStoreOptions build() {
            if (socketTimeout.compareTo(statementTimeout) <= 0) {
                throw new IllegalArgumentException("socketTimeout (" + socketTimeout
                        + ") must be longer than statementTimeout (" + statementTimeout + ")");
            }
            return new PostgresStoreOptions(this);
        }

        private static Duration atLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
            }
            return value;
        }

        private static Duration zeroOrAtLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name);
            return value.isZero() ? value : atLeast(value, min, name);
        }
    }
}
