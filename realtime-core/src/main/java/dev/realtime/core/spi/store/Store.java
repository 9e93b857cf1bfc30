package dev.realtime.core.spi.store;

/**
 * A whole store in one: rooms and memberships, connection rows, presence snapshots and the event log, plus the
 * admin queries over them. The engine keeps the live state in memory; it reads rooms at start-up and writes from
 * a bounded background writer, so a slow or absent database never delays delivery.
 * {@code Realtime.builder().store(s)} uses it for all four parts; each part can also be plugged in on its own
 * ({@code roomStore}, {@code connectionStore}, {@code presenceStore}, {@code eventLog}).
 *
 * <p>Every method may block and may throw {@link dev.realtime.core.RealtimeException} with code
 * {@code UNAVAILABLE}; the engine retries and degrades.
 */
public interface Store extends RoomStore, ConnectionStore, PresenceStore, EventLogStore, StoreQueries, AutoCloseable {
    /** Short name for health reports, such as {@code memory} or {@code postgres}. */
    String name();

    /** Cheap liveness probe for {@code /health}; true when the backing service answers. */
    boolean isAvailable();

    @Override
    default void close() {
    }
}
