package dev.realtime.core.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where in a token's claims a value lives: a top-level claim name, optionally followed by keys into nested
 * objects. Segments are taken literally (claim names such as {@code https://hasura.io/jwt/claims} contain
 * dots and slashes, so no separator syntax is used).
 *
 * @param segments claim name, then nested keys; never empty
 */
public record ClaimPath(List<String> segments) {
    /** The Hasura user id: {@code "https://hasura.io/jwt/claims" -> "x-hasura-user-id"}. */
    public static final ClaimPath HASURA_USER_ID = of("https://hasura.io/jwt/claims", "x-hasura-user-id");

    public ClaimPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a claim path needs at least a claim name");
        }
        for (String segment : segments) {
            if (segment.isBlank()) {
                throw new IllegalArgumentException("claim path segments must not be blank");
            }
        }
    }

    /** A path of a claim name followed by nested keys. */
    public static ClaimPath of(String claim, String... nestedKeys) {
        Objects.requireNonNull(claim, "claim");
        String[] all = new String[nestedKeys.length + 1];
        all[0] = claim;
        System.arraycopy(nestedKeys, 0, all, 1, nestedKeys.length);
        return new ClaimPath(List.of(all));
    }

    /** The value at this path, or null when a segment is missing or a parent is not an object. */
    public Object lookup(Map<String, Object> claims) {
        Object current = claims;
        for (String segment : segments) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    @Override
    public String toString() {
        return String.join(" -> ", segments);
    }
}
