package dev.realtime.standalone.config;

import dev.realtime.core.HistoryOptions;
import dev.realtime.core.spi.history.HistoryLimits;
import java.time.Duration;

/**
 * The message-history variables: where rooms' recent messages are kept ({@code REALTIME_HISTORY}), how many and
 * how long per room ({@code REALTIME_HISTORY_SIZE}, {@code REALTIME_HISTORY_MAX_AGE}) and how far back a
 * reconnecting client is caught up ({@code REALTIME_RECOVERY_WINDOW}, {@code REALTIME_RECOVERY_MAX_MESSAGES}).
 */
public record HistorySettings(Backend backend, int size, Duration maxAge, Duration recoveryWindow,
                              int maxRecoveredMessages) {
    /** Where the history lives. */
    public enum Backend {
        /** A ring per room in this node's memory (lost on restart; per node in a cluster). */
        MEMORY,
        /** PostgreSQL ({@code DATABASE_URL}): durable and shared by every node. */
        POSTGRES,
        /** Redis ({@code REALTIME_REDIS_URL}): shared by every node, capped streams; lost with Redis's data. */
        REDIS
    }

    /** The engine's history options. */
    public HistoryOptions historyOptions() {
        return HistoryOptions.builder().defaultLimits(new HistoryLimits(size, maxAge))
                .recoveryWindow(recoveryWindow).maxRecoveredMessages(maxRecoveredMessages).build();
    }
}
