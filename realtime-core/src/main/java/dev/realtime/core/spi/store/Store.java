package dev.realtime.core.spi.store;

/**
 * The durable copy of the engine's state: rooms and memberships, connection rows, presence snapshots and
 * the event log. The engine keeps the live state in memory; it reads the store at start-up and writes to it
 * from a bounded background writer, so a slow or absent database never delays delivery.
 *
 * <p>Every method may block and may throw {@link dev.realtime.core.RealtimeException} with code
 * {@code UNAVAILABLE}; the engine retries and degrades.
 */
public interface Store extends RoomStore, ConnectionStore, PresenceStore, EventLogStore, AutoCloseable {
    /** Short name for health reports, such as {@code memory} or {@code postgres}. */
    String name();

    /** Cheap liveness probe for {@code /health}; true when the backing service answers. */
    boolean isAvailable();

    @Override
    default void close() {
    }
}
