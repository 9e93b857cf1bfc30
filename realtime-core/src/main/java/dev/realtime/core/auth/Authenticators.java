package dev.realtime.core.auth;

import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Authenticator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Composes authenticators with anonymous access. */
public final class Authenticators {
    /** Prefix of generated anonymous user ids. */
    public static final String ANONYMOUS_PREFIX = "anon-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Authenticators() {
    }

    /**
     * Wraps {@code delegate} so that a connection without a token becomes an anonymous principal when
     * {@code allowAnonymous} is true, and is refused with {@code AUTH_REQUIRED} otherwise. A connection that
     * presents a token is always verified by {@code delegate}: a bad token is refused, never downgraded to
     * anonymous.
     */
    public static Authenticator withAnonymous(Authenticator delegate, boolean allowAnonymous) {
        Objects.requireNonNull(delegate, "delegate");
        return credentials -> {
            if (credentials == null || credentials.token() == null) {
                if (allowAnonymous) {
                    return anonymousPrincipal();
                }
                throw Refusals.required();
            }
            return delegate.authenticate(credentials);
        };
    }

    /**
     * For deployments with anonymous access and no key configured: connections without a token are anonymous,
     * and any token is refused with {@code INVALID_TOKEN} because there is nothing to verify it with (an
     * unverified token is never trusted).
     */
    public static Authenticator anonymousOnly() {
        return withAnonymous(credentials -> {
            throw Refusals.invalid("tokens cannot be verified: no JWT key is configured on this server");
        }, true);
    }

    /** A fresh anonymous principal with user id {@code anon-<16 hex digits>} and a random session id. */
    public static Principal anonymousPrincipal() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String userId = ANONYMOUS_PREFIX + HexFormat.of().formatHex(random);
        return new Principal(userId, UUID.randomUUID().toString(), true, Map.of());
    }
}
