package dev.realtime.core.model;

import java.util.regex.Pattern;

/**
 * The room-name rule: 1 to 128 characters of letters, digits and {@code _ - . : @ #}. The charset keeps
 * names safe in Redis channel names, log lines and URLs without escaping.
 */
public final class RoomNames {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-.:@#]{1," + MAX_LENGTH + "}");

    private RoomNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("room name must be 1-" + MAX_LENGTH
                    + " characters of letters, digits and _ - . : @ #, was: " + name);
        }
        return name;
    }
}
