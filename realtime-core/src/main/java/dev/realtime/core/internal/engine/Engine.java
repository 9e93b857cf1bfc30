package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.HealthReport;
import dev.realtime.core.HistoryOptions;
import dev.realtime.core.Message;
import dev.realtime.core.PhaseTimer;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.hooks.JoinAuthorizer;
import dev.realtime.core.hooks.RealtimeListener;
import dev.realtime.core.hooks.RefreshAuthorizer;
import dev.realtime.core.hooks.SendAuthorizer;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.store.RoomChangeFeed;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the services together and is the {@link ConnectionGateway} every transport talks to. Internal: use
 * {@link dev.realtime.core.Realtime}.
 */
public final class Engine implements ConnectionGateway {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int MAX_TRACKED_ADDRESSES = 100_000;
    /** Users whose revocation a node remembers at most (each a map entry of a few dozen bytes). */
    private static final int MAX_REVOKED_USERS = 100_000;
    /**
     * How often a heartbeat's latency is written to the connection row. Every heartbeat would wake the store
     * writer hundreds of times a second for idle crowds; once a minute keeps rows fresh for stale-row cleanup.
     */
    private static final long ROW_REFRESH_MILLIS = 60_000;

    /** Everything the builder collected. */
    public record Parts(RealtimeOptions options, Clock clock, StoreParts stores, Bus bus, Authenticator authenticator,
                        List<Transport> transports, RealtimeMetrics metrics, List<JoinAuthorizer> joinAuthorizers,
                        List<SendAuthorizer> sendAuthorizers, List<RealtimeListener> listeners,
                        List<RefreshAuthorizer> refreshAuthorizers, History history, HistoryOptions historyOptions,
                        RecoveryStore recoveryStore, List<Room> initialRooms) {
    }

    private final RealtimeOptions options;
    private final Clock clock;
    private final StoreParts store;
    private final History history;
    private final RecoveryStore recoveryStore;
    private final Authenticator authenticator;
    private final List<Transport> transports;
    private final RealtimeMetrics metrics;
    private final WriteBehind writer;
    private final EventRecorder recorder;
    private final RoomRegistry rooms = new RoomRegistry();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final ConnectionRateLimiter connectionRate;
    private final PresenceService presence;
    private final TypingService typing;
    private final RoomService roomService;
    private final MessageService messages;
    private final RoomAdministration administration;
    private final EventRouter router;
    private final ClusterLink cluster;
    private final ClusterPublisher clusterOut;
    private final StoreChangeFollower storeChanges;
    private volatile RoomChangeFeed.Subscription storeFeed;
    private final UserRevocation revocation;
    private final TokenSweep tokenSweep;
    private final ConnectionRecovery recovery;
    private final List<Room> initialRooms;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean accepting;
    /** Started and not yet stopped: the server-side API is usable. */
    private volatile boolean running;
    /** The whole node is stopping: connections close without telling each other (see {@link #stop()}). */
    private volatile boolean stopping;
    private volatile Instant startedAt;

    public Engine(Parts parts) {
        this.options = parts.options();
        this.clock = parts.clock();
        this.store = parts.stores();
        this.history = parts.history();
        this.recoveryStore = parts.recoveryStore();
        this.authenticator = parts.authenticator();
        this.transports = List.copyOf(parts.transports());
        this.initialRooms = List.copyOf(parts.initialRooms());
        this.metrics = parts.metrics();
        this.writer = new WriteBehind(store, clock, metrics, options.batchSize(), options.eventBatchSize(),
                options.flushInterval(), options.writeQueueCapacity());
        this.recorder = new EventRecorder(clock, writer, options.logEvents(), options.logEventTypes());
        parts.listeners().forEach(recorder::addListener);
        this.connectionRate = new ConnectionRateLimiter(options.connectionRatePerMinute(), MAX_TRACKED_ADDRESSES);
        Fanout fanout = new Fanout(metrics);
        // Services publish through the sender given here; the cluster link, made last, applies what others send.
        ClusterPeers peers = new ClusterPeers();
        ClusterSender sender = new ClusterSender(options.nodeId(), parts.bus(), peers, metrics);
        this.clusterOut = sender;
        HistoryResets historyResets = new HistoryResets(rooms, fanout, sender);
        HistoryService historyService = new HistoryService(history, parts.historyOptions(), clock, historyResets);
        AnnouncePolicy announce = new AnnouncePolicy(options.roomAnnounceLimit());
        this.presence = new PresenceService(options.nodeId(), options.enablePresence(), options.presenceScope(),
                options.awayAfter(), clock, rooms, connections, fanout, recorder, writer, sender);
        this.typing = new TypingService(options.nodeId(), options.typingTimeout(), clock, rooms, fanout, recorder,
                sender);
        this.roomService = new RoomService(options.autoCreateRooms(), clock, rooms, store.rooms(), writer, fanout,
                recorder, typing, List.copyOf(parts.joinAuthorizers()), announce, historyService, sender);
        this.messages = new MessageService(clock, rooms, fanout, recorder, typing, metrics,
                List.copyOf(parts.sendAuthorizers()), historyService,
                recoveryStore, parts.historyOptions().recoveryWindow(),
                new ServerSendRules(options.maxMessageLength(), options.maxMetadataBytes()), sender);
        this.administration = new RoomAdministration(clock, rooms, store.rooms(), writer, fanout, typing, announce,
                sender);
        this.revocation = new UserRevocation(clock,
                new Revocations(clock, options.revocationRetention(), MAX_REVOKED_USERS), connections, this::end,
                sender);
        this.tokenSweep = new TokenSweep(clock, options.tokenExpiryWarning(), connections, metrics, this::end);
        Map<String, EventRouter.Handler> handlers = new HashMap<>(new ClientEvents(clock,
                options.maxMessageLength(), options.maxMetadataBytes(), options.enableTyping(), roomService, messages,
                typing, presence).handlers());
        handlers.put(EventNames.AUTH_REFRESH, new TokenRefresh(authenticator, revocation,
                parts.refreshAuthorizers(), roomService)::refresh);
        handlers.putAll(new HistoryEvents(historyService, messages).handlers());
        this.router = new EventRouter(handlers, metrics, recorder, presence);
        this.cluster = new ClusterLink(options.nodeId(), parts.bus(), clock, options.presenceHeartbeat(), sender, peers,
                new ClusterInbound(rooms, connections, fanout, history, historyResets, presence, typing, revocation,
                        c -> c.channel().close(CloseReason.KICKED), administration::expel), metrics);
        this.storeChanges = new StoreChangeFollower(store.rooms(), rooms, administration, writer);
        this.recovery = new ConnectionRecovery(clock, historyService, roomService,
                parts.historyOptions().maxRecoveredMessages(), recoveryStore,
                parts.historyOptions().recoveryWindow());
        metrics.gauge("realtime.connections", "Open connections on this node", connections::size);
        metrics.gauge("realtime.rooms", "Rooms known to this node", rooms::size);
    }

    // ---- lifecycle -----------------------------------------------------------------------------------

    /**
     * Starts the store writer, loads rooms and members from the store, creates the initial rooms that are absent,
     * then starts timers, the cluster link and the transports.
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        writer.start();
        try {
            rooms.load(store.rooms());
        } catch (RuntimeException e) {
            writer.close();
            throw new RealtimeException(ErrorCode.UNAVAILABLE,
                    "could not load rooms from the " + store.name() + " store: " + e.getMessage(), e);
        }
        startedAt = clock.now();
        if (store.rooms() instanceof RoomChangeFeed feed) {
            storeFeed = feed.subscribe(storeChanges::changed);
        }
        presence.start();
        cluster.start();
        tokenSweep.start();
        initialRooms.forEach(administration::createIfAbsent);
        running = true;
        accepting = true;
        for (Transport t : transports) {
            t.start(this);
        }
        LOG.info("realtime node {} started: store={}, bus={}, transports={}", options.nodeId(), store.name(),
                cluster.connected() ? "connected" : "disconnected", transports.size());
    }

    /**
     * Stops the node. Every connection is closing at once, so nothing is announced connection by connection:
     * local room mates are being closed too, and other nodes learn from the node's one "bye" on the bus that
     * its users' connections are gone (each user that goes offline is announced there once). Only a user's
     * {@code user:left} in a room still goes to the other nodes, once per user and room.
     */
    public void stop() {
        running = false;
        PhaseTimer timer = new PhaseTimer();
        int open = connections.size();
        stopping = true;
        for (Transport t : transports) {
            try {
                t.stop();
            } catch (RuntimeException e) {
                LOG.warn("transport {} failed to stop cleanly", t, e);
            }
        }
        // Only now: a handshake that completes while the transports stop is taken and then closed with the
        // others, which clients treat as a reason to reconnect; a refusal would make a Socket.IO client give up.
        accepting = false;
        timer.lap("transports");
        for (LocalConnection c : connections.snapshot()) {
            c.channel().close(CloseReason.GOING_AWAY);
            closed(c, CloseReason.GOING_AWAY);
        }
        presence.dropLocalConnections();
        timer.lap("connections");
        if (started.get()) {
            presence.stop();
            tokenSweep.stop();
            cluster.stop();
        }
        timer.lap("cluster");
        RoomChangeFeed.Subscription feed = storeFeed;
        if (feed != null) {
            feed.close(); // before the writer stops: a report queues a reload on it
        }
        if (started.get()) {
            writer.close();
        }
        timer.lap("write-behind flush");
        try {
            history.close();
        } catch (RuntimeException e) {
            LOG.warn("history did not close cleanly", e);
        }
        timer.lap("history");
        try {
            recoveryStore.close();
        } catch (RuntimeException e) {
            LOG.warn("recovery store did not close cleanly", e);
        }
        store.close();
        timer.lap("store");
        LOG.info("realtime node {} stopped ({} connections): {}", options.nodeId(), open, timer);
    }

    // ---- gateway -------------------------------------------------------------------------------------

    @Override
    public Principal authenticate(Credentials credentials) {
        if (!connectionRate.tryAcquire(credentials.ip(), clock.elapsedMillis())) {
            metrics.error(ErrorCode.RATE_LIMITED);
            throw new RealtimeException(ErrorCode.RATE_LIMITED, "too many connections from your address; retry later");
        }
        if (credentials.token() == null) {
            if (options.allowAnonymous()) {
                return new Principal("anon-" + newId(12), UUID.randomUUID().toString(), true, Map.of());
            }
            if (authenticator == null) {
                throw new RealtimeException(ErrorCode.AUTH_REQUIRED, "authentication required");
            }
        }
        if (authenticator == null) {
            throw new RealtimeException(ErrorCode.INVALID_TOKEN, "this server accepts no tokens (anonymous only)");
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(credentials);
        } catch (RealtimeException e) {
            metrics.error(e.code());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("authenticator failed unexpectedly", e);
            throw new RealtimeException(ErrorCode.INVALID_TOKEN, "token could not be verified");
        }
        if (revocation.refuses(principal)) {
            metrics.error(ErrorCode.TOKEN_REVOKED);
            throw new RealtimeException(ErrorCode.TOKEN_REVOKED,
                    "this token was issued before the user's access was revoked; get a new one");
        }
        return principal;
    }

    @Override
    public Session register(String connectionId, Principal principal, Credentials credentials, TransportKind kind,
                            ConnectionChannel channel) {
        ConnectionIds.requireValid(connectionId);
        if (!accepting) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "server is not accepting connections");
        }
        if (connections.size() >= options.maxConnections()) {
            metrics.dropped("max_connections", 1);
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "server is at its connection limit");
        }
        if (connections.get(connectionId) != null) {
            throw new IllegalArgumentException("connection id already in use: " + connectionId);
        }
        ConnectionInfo info = new ConnectionInfo(connectionId, principal.userId(), principal.sessionId(),
                principal.anonymous(), kind, options.nodeId(), credentials.ip(), credentials.userAgent(),
                deviceInfo(credentials), clock.now(), -1, null);
        LocalConnection c = new LocalConnection(info, principal, channel,
                new TokenBucket(options.messageRatePerSecond(), clock));
        recovery.prepare(c, kind, credentials.auth());
        return c;
    }

    @Override
    public void activate(Session session) {
        LocalConnection c = (LocalConnection) session;
        if (!c.markActive()) {
            return; // closed before its handshake answer went out
        }
        Principal principal = c.principal();
        connections.add(c);
        metrics.connectionOpened(principal.anonymous());
        c.channel().send(new OutboundEvent(EventNames.CONNECTED,
                new Payloads.Connected(c.id(), clock.millis(), RealtimeOptions.PROTOCOL_VERSION)));
        if (!principal.anonymous()) {
            c.channel().send(new OutboundEvent(EventNames.AUTHENTICATED, new Payloads.Authenticated(
                    principal.userId(), principal.sessionId(), rooms.activeMembershipsOf(principal.userId()))));
        }
        presence.opened(c);
        recovery.resume(c);
        recorder.record(EventType.CONNECT, c, null, Map.of("transport", c.info().transport().wireName()));
        // the first heartbeat then does not write the row again: a crowd that connected together would
        // otherwise wake the store writer once per connection, a ping interval later
        c.rowWritten(clock.millis());
        writer.submit(new WriteBehind.SaveConnection(c.info()));
    }

    @Override
    public void event(Session session, InboundEvent event) {
        LocalConnection c = (LocalConnection) session;
        if (c.isOpen()) {
            router.route(c, event);
        }
    }

    @Override
    public void heartbeat(Session session, long roundTripMillis) {
        LocalConnection c = (LocalConnection) session;
        ConnectionInfo updated = c.info();
        if (updated.latencyMillis() != roundTripMillis) {
            // a steady round trip keeps the same row object: nothing to allocate per heartbeat
            updated = updated.withLatency(roundTripMillis);
            c.updateInfo(updated);
        }
        if (c.rowRefreshDue(clock.millis(), ROW_REFRESH_MILLIS)) {
            writer.submitRelaxed(new WriteBehind.SaveConnection(updated));
        }
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        LocalConnection c = (LocalConnection) session;
        LocalConnection.Stage was = c.markClosed();
        if (was == LocalConnection.Stage.CLOSED) {
            return;
        }
        if (was == LocalConnection.Stage.REGISTERED) {
            recovery.release(c); // never joined the node: nothing else to undo
            return;
        }
        if (stopping) {
            closedAtStop(c, reason);
            return;
        }
        presence.closed(c);
        recovery.park(c);
        roomService.closeAll(c);
        connections.remove(c);
        ConnectionInfo closedInfo = c.info().withDisconnectedAt(clock.now());
        c.updateInfo(closedInfo);
        recorder.record(EventType.DISCONNECT, c, null, Map.of("code", reason.code(), "reason", reason.message()));
        writer.submit(new WriteBehind.SaveConnection(closedInfo));
    }

    /** A connection closed by the node's stop: forgotten without announcements (see {@link #stop()}). */
    private void closedAtStop(LocalConnection c, CloseReason reason) {
        recovery.park(c); // with a shared recovery store, the client recovers on another node
        roomService.leaveAllAtStop(c);
        connections.remove(c);
        ConnectionInfo closedInfo = c.info().withDisconnectedAt(clock.now());
        c.updateInfo(closedInfo);
        recorder.record(EventType.DISCONNECT, c, null, Map.of("code", reason.code(), "reason", reason.message()));
        writer.submit(new WriteBehind.SaveConnection(closedInfo));
    }

    // ---- server-side API -----------------------------------------------------------------------------

    /** Fails unless the node was started and is not stopped. */
    public void requireRunning() {
        if (!running) {
            throw new IllegalStateException(started.get() ? "this node is closed" : "call start() first");
        }
    }

    public dev.realtime.core.Rooms rooms() {
        return administration;
    }

    public ChatMessage send(String room, String userId, Message message) {
        return messages.sendAsServer(room, userId, message);
    }

    public int publish(String room, String event, Object data) {
        return messages.publishEvent(room, event, data);
    }

    public List<Presence> presence(Collection<String> userIds) {
        return presence.get(userIds);
    }

    public List<ConnectionInfo> connections() {
        List<ConnectionInfo> list = new ArrayList<>();
        for (LocalConnection c : connections.all()) {
            list.add(c.info());
        }
        list.sort(Comparator.comparing(ConnectionInfo::connectedAt));
        return list;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Closes one connection, here or on whichever node holds it. */
    public boolean disconnect(String connectionId) {
        LocalConnection c = connections.get(connectionId);
        if (c != null) {
            c.channel().close(CloseReason.KICKED);
            closed(c, CloseReason.KICKED);
            return true;
        }
        clusterOut.disconnect(null, connectionId);
        return false;
    }

    /** Closes every connection of a user on every node; returns how many were closed here. */
    public int disconnectUser(String userId) {
        int n = 0;
        for (LocalConnection c : List.copyOf(connections.ofUser(userId))) {
            c.channel().close(CloseReason.KICKED);
            closed(c, CloseReason.KICKED);
            n++;
        }
        clusterOut.disconnect(userId, null);
        return n;
    }

    /**
     * Revokes a user's tokens: closes their connections on every node and refuses tokens issued until now for
     * {@link RealtimeOptions#revocationRetention()}; returns how many connections were closed here.
     */
    public int revokeUser(String userId) {
        return revocation.revoke(userId);
    }

    public List<ChatMessage> history(String roomName, HistoryQuery query) {
        return history.read(roomName, query);
    }

    public HealthReport health() {
        boolean storeUp;
        try {
            storeUp = store.isAvailable();
        } catch (RuntimeException e) {
            storeUp = false;
        }
        HealthReport.StoreHealth storeHealth = new HealthReport.StoreHealth(store.name(), storeUp, writer.healthy(),
                writer.pending(), writer.droppedCount());
        HealthReport.BusHealth busHealth = new HealthReport.BusHealth(cluster.busName(), cluster.connected(),
                cluster.peers().stream().sorted().toList());
        boolean ok = storeHealth.ok() && busHealth.connected();
        long uptime = startedAt == null ? 0 : Math.max(0, clock.now().getEpochSecond() - startedAt.getEpochSecond());
        return new HealthReport(ok ? "ok" : "degraded", options.nodeId(), uptime, connections.size(), rooms.size(),
                storeHealth, busHealth);
    }

    public RealtimeOptions options() {
        return options;
    }

    public RealtimeMetrics metrics() {
        return metrics;
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** Closes a connection on the server's initiative and forgets it at once. */
    private void end(LocalConnection c, CloseReason reason) {
        c.channel().close(reason);
        closed(c, reason);
    }

    private String newId(int length) {
        byte[] bytes = new byte[(length * 3 + 3) / 4];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }

    private static Map<String, String> deviceInfo(Credentials credentials) {
        Object device = credentials.auth().get("device");
        if (device instanceof Map<?, ?> map) {
            java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (result.size() < 16 && k != null && v != null) {
                    String value = String.valueOf(v);
                    result.put(String.valueOf(k), value.length() > 256 ? value.substring(0, 256) : value);
                }
            });
            return result;
        }
        return Map.of();
    }
}
