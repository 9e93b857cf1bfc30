package dev.realtime.core.spi;

import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;

/**
 * Turns handshake credentials into a {@link Principal} or a coded refusal.
 *
 * <p>Guarantees: thread-safe; never performs unbounded blocking I/O (key sets are fetched and cached in
 * the background); refuses with {@link RealtimeException} whose code is {@code AUTH_REQUIRED},
 * {@code INVALID_TOKEN} or {@code TOKEN_EXPIRED} (or {@code UNAVAILABLE} when the key source, such as a JWKS
 * endpoint, cannot be reached) and whose message never contains the token.
 */
@FunctionalInterface
public interface Authenticator {
    Principal authenticate(Credentials credentials);
}
