package dev.realtime.core;

import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.internal.engine.Engine;
import dev.realtime.core.internal.engine.StoreParts;
import dev.realtime.core.hooks.JoinAuthorizer;
import dev.realtime.core.hooks.RealtimeListener;
import dev.realtime.core.hooks.RefreshAuthorizer;
import dev.realtime.core.hooks.SendAuthorizer;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryHistory;
import dev.realtime.core.memory.InMemoryRecoveryStore;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.store.ConnectionStore;
import dev.realtime.core.spi.store.EventLogStore;
import dev.realtime.core.spi.store.PresenceStore;
import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.core.spi.store.Store;
import dev.realtime.core.spi.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding API: one real-time node with its rooms, presence, typing and event log, reachable through the
 * transports given to its builder.
 *
 * <pre>{@code
 * Realtime rt = Realtime.builder()
 *         .options(RealtimeOptions.builder().allowAnonymous(true).build())
 *         .jwt(JwtOptions.hmac(secret))
 *         .transport(webSocketTransport)
 *         .build();
 * rt.start();
 * rt.rooms().create(Room.builder("general").build());
 * rt.send("general", "system", Message.of("hello"));
 * rt.close();
 * }</pre>
 *
 * <p>{@link Builder#build()} only configures; {@link #start()} starts; {@link #close()} stops. Defaults: an
 * {@link InMemoryStore} for every store part left unset, a single-node bus, the system clock and a
 * {@link SimpleMeterRegistry}. The node owns the store parts, bus, history, transports and (when
 * {@link AutoCloseable}) the authenticator it was built with, and closes them in {@link #close()}. All methods
 * are thread-safe.
 */
public final class Realtime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Realtime.class);
    private final Engine engine;
    private final SystemClock ownedClock;
    private final Authenticator authenticator;

    private Realtime(Engine engine, SystemClock ownedClock, Authenticator authenticator) {
        this.engine = engine;
        this.ownedClock = ownedClock;
        this.authenticator = authenticator;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the node: the store writer, loading rooms and members from the store (one bulk read), the initial
     * rooms of {@link Builder#room}, timers, the cluster link, then every transport. Call once.
     *
     * @throws RealtimeException     {@code UNAVAILABLE} when the store cannot be read
     * @throws IllegalStateException when called a second time
     */
    public void start() {
        engine.start();
    }

    /**
     * Stops transports (clients get 1001), leaves the cluster, flushes the background writer, closes the store,
     * the history and the authenticator when it is {@link AutoCloseable}.
     */
    @Override
    public void close() {
        try {
            engine.stop();
        } finally {
            if (authenticator instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("the authenticator did not close cleanly", e);
                }
            }
            if (ownedClock != null) {
                ownedClock.close(); // last: the authenticator may use its scheduler until closed
            }
        }
    }

    /** Room and membership administration; usable between {@link #start()} and {@link #close()}. */
    public Rooms rooms() {
        engine.requireRunning();
        return engine.rooms();
    }

    /**
     * Sends a message to a room as server code: every subscriber on every node gets the same {@code message:new}
     * a client's {@code message:send} produces. No membership rules apply; the limits a client's send has do
     * ({@link RealtimeOptions#maxMessageLength()}, {@link RealtimeOptions#maxMetadataBytes()}, 128-character thread
     * and client ids), refused with {@code VALIDATION_ERROR} naming the field.
     *
     * @param userId the sender shown to clients (for example {@code system})
     * @return the message as stored, with its id, room offset and timestamp
     */
    public ChatMessage send(String room, String userId, Message message) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
        engine.requireRunning();
        return engine.send(room, userId, message);
    }

    /**
     * Sends a custom event to every subscriber of a room on every node.
     *
     * @param event 1-64 letters, digits and {@code _ : . -}; names the protocol or Socket.IO clients give a
     *              meaning to ({@code message:new}, {@code connect}, ...) are refused with {@code VALIDATION_ERROR}
     * @param data  any value that serializes to JSON (maps, lists, records, strings, numbers)
     * @return the number of local subscribers it was handed to
     */
    public int publish(String room, String event, Object data) {
        Objects.requireNonNull(event, "event");
        engine.requireRunning();
        return engine.publish(room, event, data);
    }

    /** Cluster-wide presence of these users; unknown users are {@code offline}. */
    public List<Presence> presence(Collection<String> userIds) {
        return engine.presence(userIds);
    }

    /** Open connections on this node, oldest first. */
    public List<ConnectionInfo> connections() {
        return engine.connections();
    }

    public int connectionCount() {
        return engine.connectionCount();
    }

    /** Closes a connection here or on the node that holds it; true when it was here. */
    public boolean disconnect(String connectionId) {
        return engine.disconnect(connectionId);
    }

    /** Closes every connection of a user on every node; returns how many were here. */
    public int disconnectUser(String userId) {
        return engine.disconnectUser(userId);
    }

    /**
     * Revokes a user's access: closes their connections on every node (with {@code TOKEN_REVOKED}) and, for
     * {@link RealtimeOptions#revocationRetention()}, refuses their tokens issued until now, at connect and on
     * {@code auth:refresh}. Tokens issued later are accepted again.
     *
     * @return how many connections were closed on this node
     */
    public int revokeUser(String userId) {
        return engine.revokeUser(Objects.requireNonNull(userId, "userId"));
    }

    /** A room's kept messages matching {@code query}, oldest first, each with its room offset as {@code seq}. */
    public List<ChatMessage> history(String roomName, HistoryQuery query) {
        return engine.history(roomName, query);
    }

    public HealthReport health() {
        return engine.health();
    }

    public RealtimeOptions options() {
        return engine.options();
    }

    public MeterRegistry meterRegistry() {
        return engine.metrics().registry();
    }

    /** Collects the parts of a node; {@link #build()} validates and wires them. */
    public static final class Builder {
        private RealtimeOptions options = RealtimeOptions.builder().build();
        private Clock clock;
        private RoomStore roomStore;
        private ConnectionStore connectionStore;
        private PresenceStore presenceStore;
        private EventLogStore eventLog;
        private Bus bus;
        private Authenticator authenticator;
        private JwtOptions jwtOptions;
        private Function<Clock, History> history;
        private HistoryOptions historyOptions = HistoryOptions.defaults();
        private Function<Clock, RecoveryStore> recoveryStore;
        private MeterRegistry meterRegistry;
        private final List<Transport> transports = new ArrayList<>();
        private final List<Room> initialRooms = new ArrayList<>();
        private final List<JoinAuthorizer> joinAuthorizers = new ArrayList<>();
        private final List<SendAuthorizer> sendAuthorizers = new ArrayList<>();
        private final List<RealtimeListener> listeners = new ArrayList<>();
        private final List<RefreshAuthorizer> refreshAuthorizers = new ArrayList<>();

        private Builder() {
        }

        public Builder options(RealtimeOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /**
         * The node's wall clock, monotonic ticker and scheduler in one object (tests pass the testkit's manual
         * clock); the system clock if unset.
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** One store for all four parts (rooms, connections, presence, event log); later part setters override. */
        public Builder store(Store value) {
            Objects.requireNonNull(value, "store");
            this.roomStore = value;
            this.connectionStore = value;
            this.presenceStore = value;
            this.eventLog = value;
            return this;
        }

        /** Where rooms and memberships are kept, for example the application's own database. */
        public Builder roomStore(RoomStore value) {
            this.roomStore = Objects.requireNonNull(value, "roomStore");
            return this;
        }

        /** Where connection rows are written. */
        public Builder connectionStore(ConnectionStore value) {
            this.connectionStore = Objects.requireNonNull(value, "connectionStore");
            return this;
        }

        /** Where presence snapshots are written. */
        public Builder presenceStore(PresenceStore value) {
            this.presenceStore = Objects.requireNonNull(value, "presenceStore");
            return this;
        }

        /** Where the event log (the audit trail) is appended. */
        public Builder eventLog(EventLogStore value) {
            this.eventLog = Objects.requireNonNull(value, "eventLog");
            return this;
        }

        public Builder bus(Bus value) {
            this.bus = Objects.requireNonNull(value, "bus");
            return this;
        }

        /** Verifies tokens; required unless anonymous access is on. Replaces {@link #jwt(JwtOptions)}. */
        public Builder authenticator(Authenticator value) {
            this.authenticator = Objects.requireNonNull(value, "authenticator");
            this.jwtOptions = null;
            return this;
        }

        /**
         * Verifies JSON Web Tokens with a {@link JwtAuthenticator} made at build on the node's clock (so {@code exp}
         * and {@code nbf} follow the same time as everything else); the node closes it. Replaces
         * {@link #authenticator(Authenticator)}.
         */
        public Builder jwt(JwtOptions value) {
            this.jwtOptions = Objects.requireNonNull(value, "jwt");
            this.authenticator = null;
            return this;
        }

        /**
         * Keeps rooms' recent messages and assigns their offsets; the default is an {@link InMemoryHistory} on this
         * node's clock. A cluster needs a shared one for offsets that are unique across nodes.
         */
        public Builder history(History value) {
            Objects.requireNonNull(value, "history");
            this.history = clock -> value;
            return this;
        }

        /** Like {@link #history(History)}, for a history that measures ages on the node's clock, made at build. */
        public Builder history(Function<Clock, History> factory) {
            this.history = Objects.requireNonNull(factory, "history");
            return this;
        }

        /** History sizes per room type and the reconnect recovery window; {@link HistoryOptions#defaults()} if unset. */
        public Builder historyOptions(HistoryOptions value) {
            this.historyOptions = Objects.requireNonNull(value, "historyOptions");
            return this;
        }

        /**
         * Keeps parked Socket.IO recovery sessions and recently accepted client message ids for the recovery
         * window; the default is an {@link InMemoryRecoveryStore} on this node's clock. A store shared by the nodes
         * of a cluster (with a shared history) lets a client recover on any node.
         */
        public Builder recoveryStore(RecoveryStore value) {
            Objects.requireNonNull(value, "recoveryStore");
            this.recoveryStore = clock -> value;
            return this;
        }

        /** Like {@link #recoveryStore(RecoveryStore)}, for a store that measures time on the node's clock. */
        public Builder recoveryStore(Function<Clock, RecoveryStore> factory) {
            this.recoveryStore = Objects.requireNonNull(factory, "recoveryStore");
            return this;
        }

        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * A room created at {@link Realtime#start()} unless the store already has one of that name, before any
         * transport accepts connections.
         */
        public Builder room(Room value) {
            initialRooms.add(Objects.requireNonNull(value, "room"));
            return this;
        }

        public Builder transport(Transport value) {
            transports.add(Objects.requireNonNull(value, "transport"));
            return this;
        }

        /** A veto on joins, consulted after the built-in rules, in the order added. */
        public Builder joinAuthorizer(JoinAuthorizer value) {
            joinAuthorizers.add(Objects.requireNonNull(value, "joinAuthorizer"));
            return this;
        }

        /** A veto on sends, consulted after the built-in rules, in the order added. */
        public Builder sendAuthorizer(SendAuthorizer value) {
            sendAuthorizers.add(Objects.requireNonNull(value, "sendAuthorizer"));
            return this;
        }

        /** A veto on {@code auth:refresh}, consulted after the built-in checks, in the order added. */
        public Builder refreshAuthorizer(RefreshAuthorizer value) {
            refreshAuthorizers.add(Objects.requireNonNull(value, "refreshAuthorizer"));
            return this;
        }

        public Builder listener(RealtimeListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Wires the node; starts no thread and reads nothing ({@link Realtime#start()} does).
         *
         * @throws IllegalStateException when no authenticator is set and anonymous access is off (nobody could
         *                               connect; the original server trusted unverified tokens here, this one refuses)
         */
        public Realtime build() {
            if (authenticator == null && jwtOptions == null && !options.allowAnonymous()) {
                throw new IllegalStateException("no token verification configured and anonymous access is off: "
                        + "set an authenticator (a JWT secret, public key or JWKS URL) or allow anonymous access");
            }
            SystemClock ownedClock = clock == null ? new SystemClock() : null;
            Clock effectiveClock = clock == null ? ownedClock : clock;
            JwtAuthenticator ownedAuthenticator = jwtOptions == null ? null
                    : new JwtAuthenticator(jwtOptions, effectiveClock);
            Engine engine = new Engine(new Engine.Parts(options, effectiveClock, storeParts(),
                    bus == null ? InMemoryBusHub.singleNode() : bus,
                    ownedAuthenticator == null ? authenticator : ownedAuthenticator, transports,
                    new RealtimeMetrics(meterRegistry == null ? new SimpleMeterRegistry() : meterRegistry),
                    joinAuthorizers, sendAuthorizers, listeners, refreshAuthorizers,
                    history == null ? new InMemoryHistory(effectiveClock) : history.apply(effectiveClock),
                    historyOptions,
                    recoveryStore == null ? new InMemoryRecoveryStore(effectiveClock)
                            : recoveryStore.apply(effectiveClock), initialRooms));
            return new Realtime(engine, ownedClock, ownedAuthenticator == null ? authenticator : ownedAuthenticator);
        }

        /** The parts set, and one shared in-memory store for those that were not. */
        private StoreParts storeParts() {
            InMemoryStore memory = roomStore == null || connectionStore == null || presenceStore == null
                    || eventLog == null ? new InMemoryStore() : null;
            return new StoreParts(roomStore == null ? memory : roomStore,
                    connectionStore == null ? memory : connectionStore,
                    presenceStore == null ? memory : presenceStore,
                    eventLog == null ? memory : eventLog);
        }
    }
}
