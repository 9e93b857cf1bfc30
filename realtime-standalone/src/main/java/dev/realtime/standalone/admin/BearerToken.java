package dev.realtime.standalone.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin token check. Both sides are hashed first and compared with {@link MessageDigest#isEqual}, so the
 * time taken reveals neither the token's content nor its length.
 */
final class BearerToken {
    private static final String PREFIX = "bearer ";

    private final byte[] expectedDigest;

    BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be empty");
        }
        this.expectedDigest = sha256(token);
    }

    /** True when the {@code Authorization} header value is {@code Bearer <token>}. */
    boolean accepts(String authorizationHeader) {
        String presented = "";
        if (authorizationHeader != null && authorizationHeader.length() > PREFIX.length()
                && authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            presented = authorizationHeader.substring(PREFIX.length()).strip();
        }
        // always hash and compare, so a missing header costs the same as a wrong one
        return MessageDigest.isEqual(expectedDigest, sha256(presented)) && !presented.isEmpty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
