package dev.realtime.core.spi.history;

/**
 * Which messages of a room to read; the answer is always oldest first.
 *
 * <ul>
 *   <li>neither bound: the newest {@code limit} messages (a page reload);</li>
 *   <li>{@code after}: the oldest {@code limit} messages with an offset greater than it (catching up);</li>
 *   <li>{@code before}: the newest {@code limit} messages with an offset smaller than it (paging back);</li>
 *   <li>both: messages strictly between them, the oldest {@code limit} of them.</li>
 * </ul>
 *
 * @param after  exclusive lower offset, or null
 * @param before exclusive upper offset, or null
 * @param limit  1 to {@link #MAX_LIMIT}
 */
public record HistoryQuery(Long after, Long before, int limit) {
    /** The most messages one read returns. */
    public static final int MAX_LIMIT = 1000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (after != null && after < 0) {
            throw new IllegalArgumentException("after must not be negative, was " + after);
        }
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be at least 1, was " + before);
        }
    }

    public static HistoryQuery newest(int limit) {
        return new HistoryQuery(null, null, limit);
    }

    public static HistoryQuery after(long offset, int limit) {
        return new HistoryQuery(offset, null, limit);
    }

    public static HistoryQuery before(long offset, int limit) {
        return new HistoryQuery(null, offset, limit);
    }
}
