package dev.realtime.core.internal.engine;

import dev.realtime.core.PresenceScope;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Scheduler.Cancellable;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence per user across all connections and all nodes. Each node owns the count of its own connections
 * and shares it on the bus; the user's chosen status is replicated last-writer-wins. Every node computes the
 * effective presence itself and tells its own connections about changes, so no change is announced twice
 * to the same client. Internal.
 */
final class PresenceService {
    /**
     * One node's part of a user's presence plus the user's chosen status, as published on the bus.
     *
     * @param version last-writer-wins version of the chosen status (epoch millis of the change)
     */
    record Share(String node, String userId, int count, List<String> rooms, PresenceStatus chosen,
                 CustomStatus custom, long version, Instant lastActiveAt) {
    }

    private static final class UserPresence {
        final String userId;
        int localCount;
        /** Other nodes' shares; an empty immutable map until the first arrives (most users are on one node). */
        private Map<String, Share> remote = Map.of();
        PresenceStatus chosen = PresenceStatus.ONLINE;
        boolean autoAway;
        CustomStatus custom;
        long version;
        volatile Instant lastActive;
        /** {@link #lastActive} on this node's ticker, which the away timeout measures from. */
        volatile long lastActiveNanos;
        PresenceStatus announcedStatus = PresenceStatus.OFFLINE;
        CustomStatus announcedCustom;
        Cancellable customExpiry;
        /** Set when the entry left the map; a thread that locked it afterwards must retry with a fresh one. */
        boolean forgotten;

        UserPresence(String userId) {
            this.userId = userId;
        }

        void putRemote(Share share) {
            if (!(remote instanceof HashMap)) {
                remote = new HashMap<>(4);
            }
            remote.put(share.node(), share);
        }

        Share removeRemote(String node) {
            return remote.isEmpty() ? null : remote.remove(node);
        }

        int total() {
            int n = localCount;
            for (Share s : remote.values()) {
                n += s.count();
            }
            return n;
        }
    }

    private final String nodeId;
    private final boolean enabled;
    private final PresenceScope scope;
    private final Duration awayAfter;
    private final Clock clock;
    private final RoomRegistry rooms;
    private final ConnectionRegistry connections;
    private final Fanout fanout;
    private final EventRecorder recorder;
    private final WriteBehind writer;
    /** Where what other nodes must know goes (given at construction: no cycle with the cluster link). */
    private final ClusterPublisher cluster;
    private final Map<String, UserPresence> users = new ConcurrentHashMap<>();
    private volatile Cancellable sweep;
    private volatile boolean running;

    PresenceService(String nodeId, boolean enabled, PresenceScope scope, Duration awayAfter, Clock clock,
                    RoomRegistry rooms, ConnectionRegistry connections, Fanout fanout, EventRecorder recorder,
                    WriteBehind writer, ClusterPublisher cluster) {
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.enabled = enabled;
        this.scope = scope;
        this.awayAfter = awayAfter;
        this.clock = clock;
        this.rooms = rooms;
        this.connections = connections;
        this.fanout = fanout;
        this.recorder = recorder;
        this.writer = writer;
    }

    boolean enabled() {
        return enabled;
    }

    void start() {
        running = true;
        scheduleSweep();
    }

    void stop() {
        running = false;
        Cancellable s = sweep;
        if (s != null) {
            s.cancel();
        }
    }

    // ---- local connections -------------------------------------------------------------------------

    void opened(LocalConnection c) {
        if (!enabled || c.anonymous()) {
            return;
        }
        Share share = withUser(c.userId(), up -> {
            if (up.total() == 0) {
                up.chosen = PresenceStatus.ONLINE;
                up.autoAway = false;
                up.version = clock.millis();
            }
            up.localCount++;
            markActive(up);
            announceIfChanged(up, null);
            return localShare(up);
        });
        cluster.presence(share);
    }

    /** Call before the connection's rooms are unsubscribed, so room mates are still found. */
    void closed(LocalConnection c) {
        if (!enabled || c.anonymous()) {
            return;
        }
        UserPresence up = users.get(c.userId());
        if (up == null) {
            return;
        }
        Share share;
        synchronized (up) {
            up.localCount = Math.max(0, up.localCount - 1);
            announceIfChanged(up, c);
            share = localShare(up);
            forgetIfIdle(up);
        }
        cluster.presence(share);
    }

    /**
     * The node is stopping and has closed all its connections: drops their counts at once. Nobody here is told
     * (nobody is left), nor is the bus (the node's "bye" makes every other node drop its shares and announce
     * the users that went offline); users offline everywhere now get their offline snapshot in the store.
     */
    void dropLocalConnections() {
        if (!enabled) {
            return;
        }
        for (UserPresence up : users.values()) {
            synchronized (up) {
                if (up.localCount == 0) {
                    continue;
                }
                up.localCount = 0;
                Presence now = effective(up);
                if (now.status() != up.announcedStatus) {
                    up.announcedStatus = now.status();
                    recorder.record(EventType.PRESENCE, null, up.userId, null, null, toPayload(now));
                    writer.submit(new WriteBehind.SavePresence(now));
                }
                forgetIfIdle(up);
            }
        }
    }

    /** Records client activity; brings an automatically-away user back online. */
    void touch(LocalConnection c) {
        if (!enabled || c.anonymous()) {
            return;
        }
        UserPresence up = users.get(c.userId());
        if (up == null) {
            return;
        }
        markActive(up);
        if (up.autoAway) {
            Share share;
            synchronized (up) {
                if (!up.autoAway) {
                    return;
                }
                up.autoAway = false;
                up.chosen = PresenceStatus.ONLINE;
                up.version = clock.millis();
                announceIfChanged(up, null);
                share = localShare(up);
            }
            cluster.presence(share);
        }
    }

    /** {@code presence:update}: the user's own choice of status and custom status. */
    Presence update(LocalConnection c, PresenceStatus status, CustomStatus custom) {
        Presence[] result = new Presence[1];
        Share share = withUser(c.userId(), up -> {
            up.chosen = status;
            up.autoAway = false;
            setCustom(up, custom);
            up.version = Math.max(up.version + 1, clock.millis());
            markActive(up);
            announceIfChanged(up, null);
            result[0] = effective(up);
            return localShare(up);
        });
        cluster.presence(share);
        return result[0];
    }

    List<Presence> get(Collection<String> userIds) {
        List<Presence> result = new ArrayList<>(userIds.size());
        for (String id : userIds) {
            UserPresence up = users.get(id);
            if (up == null) {
                result.add(Presence.offline(id));
            } else {
                synchronized (up) {
                    result.add(effective(up));
                }
            }
        }
        return result;
    }

    // ---- cluster -----------------------------------------------------------------------------------

    /** A share published by another node. */
    void applyRemote(Share share) {
        withUser(share.userId(), up -> {
            applyShare(up, share);
            announceIfChanged(up, null);
            forgetIfIdle(up);
            return null;
        });
    }

    /** Replaces everything known about {@code node} with {@code shares} (its full state). */
    void applySnapshot(String node, List<Share> shares) {
        Set<String> present = new HashSet<>();
        for (Share s : shares) {
            present.add(s.userId());
            applyRemote(s);
        }
        for (UserPresence up : users.values()) {
            if (!present.contains(up.userId)) {
                removeNode(up, node);
            }
        }
    }

    /** A node died: its connections no longer count. */
    void nodeGone(String node) {
        for (UserPresence up : users.values()) {
            removeNode(up, node);
        }
    }

    /** This node's shares of every user it holds, for a snapshot. */
    List<Share> localShares() {
        List<Share> shares = new ArrayList<>();
        for (UserPresence up : users.values()) {
            synchronized (up) {
                if (up.localCount > 0) {
                    shares.add(localShare(up));
                }
            }
        }
        return shares;
    }

    private void removeNode(UserPresence up, String node) {
        synchronized (up) {
            if (up.removeRemote(node) != null) {
                announceIfChanged(up, null);
                forgetIfIdle(up);
            }
        }
    }

    private void applyShare(UserPresence up, Share share) {
        if (share.count() > 0) {
            up.putRemote(share);
        } else {
            up.removeRemote(share.node());
        }
        boolean newer = share.version() > up.version
                || (share.version() == up.version && share.node().compareTo(nodeId) > 0);
        if (newer) {
            up.chosen = share.chosen();
            up.autoAway = false;
            setCustom(up, share.custom());
            up.version = share.version();
        }
        if (share.lastActiveAt() != null && (up.lastActive == null || share.lastActiveAt().isAfter(up.lastActive))) {
            up.lastActive = share.lastActiveAt();
            // the other node's wall-clock time, as an age on this node's ticker
            Duration age = Duration.between(share.lastActiveAt(), clock.now());
            up.lastActiveNanos = clock.nanos() - Math.max(0, age.toNanos());
        }
    }

    // ---- timers ------------------------------------------------------------------------------------

    private void scheduleSweep() {
        if (!enabled || !running) {
            return;
        }
        long period = Math.min(60_000, Math.max(1_000, awayAfter.toMillis() / 5));
        sweep = clock.schedule(Duration.ofMillis(period), () -> {
            try {
                markInactiveAway();
            } finally {
                scheduleSweep();
            }
        });
    }

    /** Online users whose local connections were idle for {@code awayAfter} become away. */
    void markInactiveAway() {
        long now = clock.nanos();
        long awayNanos = awayAfter.toNanos();
        for (UserPresence up : users.values()) {
            Share share = null;
            synchronized (up) {
                if (up.localCount > 0 && up.chosen == PresenceStatus.ONLINE && up.lastActive != null
                        && now - up.lastActiveNanos >= awayNanos) {
                    up.chosen = PresenceStatus.AWAY;
                    up.autoAway = true;
                    up.version = clock.millis();
                    announceIfChanged(up, null);
                    share = localShare(up);
                }
            }
            if (share != null) {
                cluster.presence(share);
            }
        }
    }

    private void markActive(UserPresence up) {
        up.lastActive = clock.now();
        up.lastActiveNanos = clock.nanos();
    }

    private void setCustom(UserPresence up, CustomStatus custom) {
        if (up.customExpiry != null) {
            up.customExpiry.cancel();
            up.customExpiry = null;
        }
        Instant now = clock.now();
        up.custom = custom == null || custom.isExpiredAt(now) ? null : custom;
        if (up.custom != null && up.custom.expiresAt() != null) {
            CustomStatus scheduled = up.custom;
            up.customExpiry = clock.schedule(Duration.between(now, scheduled.expiresAt()), () -> {
                synchronized (up) {
                    if (up.custom == scheduled) {
                        up.custom = null;
                        up.customExpiry = null;
                        announceIfChanged(up, null);
                        forgetIfIdle(up);
                    }
                }
            });
        }
    }

    // ---- announcing --------------------------------------------------------------------------------

    private Share localShare(UserPresence up) {
        List<String> subscribed = new ArrayList<>();
        for (LocalConnection c : connections.ofUser(up.userId)) {
            subscribed.addAll(c.rooms());
        }
        return new Share(nodeId, up.userId, up.localCount, List.copyOf(new HashSet<>(subscribed)), up.chosen,
                up.custom, up.version, up.lastActive);
    }

    private Presence effective(UserPresence up) {
        int total = up.total();
        PresenceStatus status = total > 0 ? up.chosen : PresenceStatus.OFFLINE;
        return new Presence(up.userId, status, up.custom, up.lastActive, total);
    }

    /** Must hold the lock of {@code up}. Tells interested local connections when status or custom status changed. */
    private void announceIfChanged(UserPresence up, LocalConnection closing) {
        Presence now = effective(up);
        if (now.status() == up.announcedStatus && Objects.equals(now.customStatus(), up.announcedCustom)) {
            return;
        }
        up.announcedStatus = now.status();
        up.announcedCustom = now.customStatus();
        Payloads.PresenceChanged payload = toPayload(now);
        OutboundEvent event = new OutboundEvent(EventNames.PRESENCE_CHANGED, payload);
        Collection<LocalConnection> recipients = recipients(up, closing);
        fanout.toConnections(recipients, event);
        recorder.record(EventType.PRESENCE, null, up.userId, null, null, payload);
        writer.submit(new WriteBehind.SavePresence(now));
    }

    private Collection<LocalConnection> recipients(UserPresence up, LocalConnection closing) {
        Set<LocalConnection> result = Collections.newSetFromMap(new IdentityHashMap<>());
        if (scope == PresenceScope.GLOBAL) {
            result.addAll(connections.all());
        } else {
            Set<String> roomNames = new HashSet<>(rooms.roomsOf(up.userId));
            for (LocalConnection c : connections.ofUser(up.userId)) {
                roomNames.addAll(c.rooms());
            }
            if (closing != null) {
                roomNames.addAll(closing.rooms());
            }
            for (Share s : up.remote.values()) {
                roomNames.addAll(s.rooms());
            }
            for (String name : roomNames) {
                RoomState room = rooms.get(name);
                if (room != null) {
                    Collections.addAll(result, room.subscribers().connections);
                }
            }
        }
        if (closing != null) {
            result.remove(closing);
        }
        return result;
    }

    private void forgetIfIdle(UserPresence up) {
        if (up.total() == 0 && up.custom == null) {
            up.forgotten = true;
            users.remove(up.userId, up);
        }
    }

    /** Runs {@code action} holding the lock of the user's registered entry, creating it when absent. */
    private <T> T withUser(String userId, java.util.function.Function<UserPresence, T> action) {
        while (true) {
            UserPresence up = users.computeIfAbsent(userId, UserPresence::new);
            synchronized (up) {
                if (!up.forgotten) {
                    return action.apply(up);
                }
            }
        }
    }

    static Payloads.PresenceChanged toPayload(Presence p) {
        CustomStatus cs = p.customStatus();
        return new Payloads.PresenceChanged(p.userId(), p.status().wireName(),
                cs == null ? null : cs.text(), cs == null ? null : cs.emoji(),
                cs == null || cs.expiresAt() == null ? null : cs.expiresAt().toString(),
                p.lastActiveAt() == null ? null : p.lastActiveAt().toString(), p.connectionCount());
    }
}
