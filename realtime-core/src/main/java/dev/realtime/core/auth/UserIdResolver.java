package dev.realtime.core.auth;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Finds the user id in verified claims: the first configured path holding a non-blank string or an integer. */
final class UserIdResolver {
    /** Longest user id accepted; ids are echoed to other clients and stored. */
    static final int MAX_USER_ID_LENGTH = 256;

    private static final double MAX_EXACT_DOUBLE = 0x1p53;

    private final List<ClaimPath> paths;

    UserIdResolver(List<ClaimPath> paths) {
        this.paths = List.copyOf(paths);
    }

    /** @throws dev.realtime.core.RealtimeException {@code INVALID_TOKEN} when no path yields a usable id */
    String resolve(Map<String, Object> claims) {
        for (ClaimPath path : paths) {
            String id = asUserId(path.lookup(claims));
            if (id != null) {
                if (id.length() > MAX_USER_ID_LENGTH) {
                    throw Refusals.invalid("user id claim is longer than " + MAX_USER_ID_LENGTH + " characters");
                }
                return id;
            }
        }
        throw Refusals.invalid("no user id claim (looked for " + paths + ")");
    }

    private static String asUserId(Object value) {
        if (value instanceof String text) {
            return text.isBlank() ? null : text;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            // JSON parsers may read 42 as 42.0; only exactly representable integers are ids
            return d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_DOUBLE ? Long.toString((long) d) : null;
        }
        return null;
    }
}
