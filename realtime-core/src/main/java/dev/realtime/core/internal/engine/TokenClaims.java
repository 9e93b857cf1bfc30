package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Principal;
import java.time.Instant;

/**
 * Reads the registered time claims ({@code exp}, {@code iat}, in seconds since the epoch as RFC 7519 has them)
 * from a principal's verified claims. A principal without them (anonymous, or from a custom authenticator
 * that keeps no claims) never expires and has no issue time. Internal.
 */
final class TokenClaims {
    /** The expiry of a token without {@code exp}. */
    static final long NEVER = Long.MAX_VALUE;

    private TokenClaims() {
    }

    /** Epoch millis of {@code exp}, or {@link #NEVER}. */
    static long expiresAtMillis(Principal principal) {
        long seconds = seconds(principal, "exp");
        return seconds < 0 ? NEVER : seconds * 1000;
    }

    /** Epoch millis of {@code iat}, or -1 when the token does not say. */
    static long issuedAtMillis(Principal principal) {
        long seconds = seconds(principal, "iat");
        return seconds < 0 ? -1 : seconds * 1000;
    }

    /** {@code exp} as the ISO-8601 string of the wire, or null for {@link #NEVER}. */
    static String isoOrNull(long epochMillis) {
        return epochMillis == NEVER ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    private static long seconds(Principal principal, String claim) {
        if (principal.anonymous() || !(principal.claims().get(claim) instanceof Number n)) {
            return -1;
        }
        long value = n.longValue();
        // beyond this the milliseconds overflow; such a token is as good as eternal
        return value < 0 ? -1 : Math.min(value, NEVER / 1000 - 1);
    }
}
