package dev.realtime.core;

import dev.realtime.core.model.RoomType;
import dev.realtime.core.spi.history.HistoryLimits;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much message history a node keeps per room and how far back a reconnecting client is caught up. Values are
 * validated when set on the {@link Builder}.
 */
public final class HistoryOptions {
    private final HistoryLimits defaultLimits;
    private final Map<RoomType, HistoryLimits> limitsByType;
    private final Duration recoveryWindow;
    private final int maxRecoveredMessages;

    private HistoryOptions(Builder b) {
        this.defaultLimits = b.defaultLimits;
        this.limitsByType = Map.copyOf(b.limitsByType);
        this.recoveryWindow = b.recoveryWindow;
        this.maxRecoveredMessages = b.maxRecoveredMessages;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 1000 messages or one hour per room, recovery within 2 minutes of up to 1000 messages. */
    public static HistoryOptions defaults() {
        return builder().build();
    }

    /** The bounds of rooms of this type: its own when set, else the default ones. */
    public HistoryLimits limitsFor(RoomType type) {
        return limitsByType.getOrDefault(type, defaultLimits);
    }

    /**
     * How old the first missed message may be for a reconnecting client to be caught up; a client away longer is
     * told it was not, and pages the gap with {@code room:history}.
     */
    public Duration recoveryWindow() {
        return recoveryWindow;
    }

    /** The most messages one recovery may replay at all. */
    public static final int MAX_RECOVERED_MESSAGES = 100_000;

    /** The most messages one recovery replays; more missed than this is not recovered. */
    public int maxRecoveredMessages() {
        return maxRecoveredMessages;
    }

    /** Collects the options; {@link #build()} makes them immutable. */
    public static final class Builder {
        private HistoryLimits defaultLimits = new HistoryLimits(1000, Duration.ofHours(1));
        private final Map<RoomType, HistoryLimits> limitsByType = new EnumMap<>(RoomType.class);
        private Duration recoveryWindow = Duration.ofMinutes(2);
        private int maxRecoveredMessages = 1000;

        private Builder() {
        }

        /** Bounds of every room type without its own. */
        public Builder defaultLimits(HistoryLimits value) {
            this.defaultLimits = Objects.requireNonNull(value, "defaultLimits");
            return this;
        }

        /** Bounds of rooms of one type, such as a longer history for channels than for direct messages. */
        public Builder limits(RoomType type, HistoryLimits value) {
            limitsByType.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(value, "limits"));
            return this;
        }

        public Builder recoveryWindow(Duration value) {
            Objects.requireNonNull(value, "recoveryWindow");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("recoveryWindow must be positive, was " + value);
            }
            this.recoveryWindow = value;
            return this;
        }

        /**
         * The most messages one recovery replays (1 to {@link #MAX_RECOVERED_MESSAGES}); a replay is read from the
         * history in pages, but reaches the client at once, so keep it within the connection's output bound.
         */
        public Builder maxRecoveredMessages(int value) {
            if (value < 1 || value > MAX_RECOVERED_MESSAGES) {
                throw new IllegalArgumentException("maxRecoveredMessages must be 1.."
                        + MAX_RECOVERED_MESSAGES + ", was " + value);
            }
            this.maxRecoveredMessages = value;
            return this;
        }

        public HistoryOptions build() {
            return new HistoryOptions(this);
        }
    }
}
