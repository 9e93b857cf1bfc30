package dev.realtime.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A room: the unit of subscription and fan-out. Immutable; use {@link #toBuilder()} to derive a changed copy.
 *
 * @param name       unique name, see {@link RoomNames}
 * @param type       kind of conversation
 * @param visibility who may join
 * @param maxMembers largest number of memberships, or 0 for no limit
 * @param active     an inactive room can be neither joined nor sent to
 * @param settings   free-form settings owned by the host application
 * @param metadata   free-form metadata owned by the host application
 * @param createdAt  creation time
 * @param updatedAt  time of the last change
 */
public record Room(String name, RoomType type, RoomVisibility visibility, int maxMembers, boolean active,
                   Map<String, Object> settings, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {
    public Room {
        RoomNames.requireValid(name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(visibility, "visibility");
        if (maxMembers < 0) {
            throw new IllegalArgumentException("maxMembers must be >= 0, was " + maxMembers);
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    /** A public, active channel without member limit. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.type = type;
        b.visibility = visibility;
        b.maxMembers = maxMembers;
        b.active = active;
        b.settings = settings;
        b.metadata = metadata;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        return b;
    }

    public boolean hasMemberLimit() {
        return maxMembers > 0;
    }

    /** Builder for {@link Room}; defaults: channel, public, unlimited, active. */
    public static final class Builder {
        private final String name;
        private RoomType type = RoomType.CHANNEL;
        private RoomVisibility visibility = RoomVisibility.PUBLIC;
        private int maxMembers;
        private boolean active = true;
        private Map<String, Object> settings = Map.of();
        private Map<String, Object> metadata = Map.of();
        private Instant createdAt;
        private Instant updatedAt;

        private Builder(String name) {
            this.name = name;
        }

        public Builder type(RoomType type) {
            this.type = type;
            return this;
        }

        public Builder visibility(RoomVisibility visibility) {
            this.visibility = visibility;
            return this;
        }

        public Builder maxMembers(int maxMembers) {
            this.maxMembers = maxMembers;
            return this;
        }

        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        public Builder settings(Map<String, Object> settings) {
            this.settings = settings;
            return this;
        }

        public Builder metadata(Map<String, Object> metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** Builds the room; a missing creation time becomes {@link Instant#now()}. */
        public Room build() {
            Instant created = createdAt == null ? Instant.now() : createdAt;
            return new Room(name, type, visibility, maxMembers, active, settings, metadata, created, updatedAt);
        }
    }
}
