package dev.realtime.core.spi.transport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Connection ids, which the transport chooses (it needs one for its own handshake answer, such as the Socket.IO
 * CONNECT reply, before the engine activates the connection): 1 to 64 characters of {@code [A-Za-z0-9_-]},
 * unique on the node. {@link #random()} makes one with 120 random bits.
 */
public final class ConnectionIds {
    /** Longest id accepted. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectionIds() {
    }

    /** A new random id of 20 URL-safe characters. */
    public static String random() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @return {@code id}
     * @throws IllegalArgumentException when it is null or not of the allowed form (a transport bug)
     */
    public static String requireValid(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("a connection id must be 1 to " + MAX_LENGTH
                    + " characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        return id;
    }
}
