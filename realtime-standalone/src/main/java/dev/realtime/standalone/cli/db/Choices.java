package dev.realtime.standalone.cli.db;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses a lower-case option value into an enum constant, naming the allowed values when it is wrong. */
final class Choices {
    private Choices() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            throw new DbCommand.CommandFailure(option + " must be one of " + allowed + ", was " + value);
        }
    }
}
