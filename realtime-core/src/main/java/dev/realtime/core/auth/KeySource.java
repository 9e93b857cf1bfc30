package dev.realtime.core.auth;

import java.util.List;

/** Supplies the keys a token may be verified with. Implementations are thread-safe. */
interface KeySource extends AutoCloseable {
    /**
     * The candidate keys for a token carrying key id {@code kid} (null when the token has none).
     *
     * @throws dev.realtime.core.RealtimeException {@code UNAVAILABLE} when no keys could be loaded yet
     */
    List<CandidateKey> keysFor(String kid);

    @Override
    default void close() {
    }
}
