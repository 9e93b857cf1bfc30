package dev.realtime.store.postgres;

import java.time.Instant;

/**
 * Builds the data of a {@code COPY ... FROM STDIN} in PostgreSQL's text format: one line per row, columns
 * separated by tabs, {@code \N} for null, and backslash, tab, newline and carriage return escaped with a
 * backslash. The NUL character, which PostgreSQL refuses in text, becomes U+FFFD as in {@link Columns}.
 */
final class CopyText {
    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private final StringBuilder out;
    private boolean rowStarted;

    CopyText(int expectedChars) {
        this.out = new StringBuilder(expectedChars);
    }

    /** Adds a column to the current row; null is written as {@code \N}. */
    CopyText text(String value) {
        separate();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case NUL -> out.append(REPLACEMENT);
                default -> out.append(ch);
            }
        }
        return this;
    }

    /** Adds a timestamp column in ISO-8601 form, which {@code timestamptz} accepts as UTC. */
    CopyText instant(Instant value) {
        return text(value == null ? null : value.toString());
    }

    /** Ends the current row. */
    CopyText endRow() {
        out.append('\n');
        rowStarted = false;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (rowStarted) {
            out.append('\t');
        }
        rowStarted = true;
    }
}
