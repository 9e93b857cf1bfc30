package dev.realtime.store.postgres;

/**
 * Counters of the store's change feed (see {@link PostgresStore#subscribe}), for metrics and tests.
 *
 * @param listening        whether the feed holds a working {@code LISTEN} connection now
 * @param notifications    notifications received and reported
 * @param malformed        notifications ignored because their payload was not one the triggers send
 * @param reconnects       times the feed connected again after losing its connection (each followed by a full
 *                         re-read of rooms and memberships)
 * @param listenerFailures reports the listener threw on (logged and skipped)
 */
public record ChangeFeedStats(boolean listening, long notifications, long malformed, long reconnects,
                              long listenerFailures) {
    /** The counters of a store nobody subscribed to. */
    public static final ChangeFeedStats NOT_SUBSCRIBED = new ChangeFeedStats(false, 0, 0, 0, 0);
}
