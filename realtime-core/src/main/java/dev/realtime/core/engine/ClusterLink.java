package dev.realtime.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.json.Json;
import dev.realtime.core.metrics.RealtimeMetrics;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Clock.Cancellable;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.bus.BusListener;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the cluster bus: encodes cluster events once to JSON bytes, decodes other nodes'
 * events and applies them, and keeps node liveness: every node publishes a heartbeat each interval, a node
 * silent for three intervals is declared dead and its connections' presence and typing are removed. A node
 * that (re)appears is asked for a snapshot of its state, which replaces what was known of it, so a paused
 * node that comes back re-asserts itself without duplicates. Internal.
 */
final class ClusterLink implements ClusterPublisher, BusListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
    private static final ObjectMapper JSON = Json.mapper();
    private static final int MISSED_HEARTBEATS = 3;

    private final String nodeId;
    private final Bus bus;
    /** Moves a node-local history's offsets past other nodes' messages. */
    private final History history;
    private final Clock clock;
    private final Duration heartbeat;
    private final RoomRegistry rooms;
    private final ConnectionRegistry connections;
    private final Fanout fanout;
    private final PresenceService presence;
    private final TypingService typing;
    private final RealtimeMetrics metrics;
    private final Consumer<LocalConnection> kick;
    private final BiConsumer<RoomState, String> expel;
    private final Map<String, Long> peersLastSeen = new ConcurrentHashMap<>();
    private volatile Cancellable timer;
    private volatile boolean running;
    private volatile UserRevocation revocation;

    ClusterLink(String nodeId, Bus bus, Clock clock, Duration heartbeat, RoomRegistry rooms,
                ConnectionRegistry connections, Fanout fanout, PresenceService presence, TypingService typing,
                RealtimeMetrics metrics, Consumer<LocalConnection> kick, BiConsumer<RoomState, String> expel,
                History history) {
        this.nodeId = nodeId;
        this.history = history;
        this.bus = bus;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.rooms = rooms;
        this.connections = connections;
        this.fanout = fanout;
        this.presence = presence;
        this.typing = typing;
        this.metrics = metrics;
        this.kick = kick;
        this.expel = expel;
        metrics.gauge("realtime.cluster.peers", "Other nodes currently alive", peersLastSeen::size);
    }

    /** Where revocations from other nodes go, and which of this node's are in its snapshot. */
    void setRevocation(UserRevocation value) {
        this.revocation = value;
    }

    void start() {
        running = true;
        bus.start(this);
        publishHeartbeat();
        // Our (empty) state replaces whatever peers still remember of an earlier process under this node id.
        publishSnapshot();
        publish(header("sync").put("target", "*"));
        scheduleTick();
    }

    void stop() {
        running = false;
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        publish(header("bye"));
        bus.close();
    }

    Set<String> peers() {
        return Set.copyOf(peersLastSeen.keySet());
    }

    boolean connected() {
        return bus.isConnected();
    }

    String busName() {
        return bus.name();
    }

    // ---- publishing ----------------------------------------------------------------------------------

    @Override
    public void roomEvent(String room, OutboundEvent event, String exceptConnectionId, String exceptUserId,
                          long seq) {
        if (peersLastSeen.isEmpty()) {
            return; // nobody to tell; a node that appears later asks for state, not for old messages
        }
        try {
            send(ClusterCodec.roomEvent(nodeId, room, event, exceptConnectionId, exceptUserId, seq));
        } catch (IOException e) {
            LOG.error("could not encode cluster event {}", event.name(), e);
        }
    }

    @Override
    public void presence(PresenceService.Share share) {
        publish(ClusterCodec.encodeShare(header("pres"), share));
    }

    @Override
    public void typing(String room, String threadId, String userId, Instant startedAt, Instant expiresAt,
                       boolean stopped) {
        ObjectNode m = header("typ");
        ClusterCodec.encodeTyping(m, new TypingService.Remote(nodeId, room, threadId, userId, startedAt, expiresAt));
        m.put("stop", stopped);
        publish(m);
    }

    @Override
    public void membership(Membership membership, boolean removed) {
        ObjectNode m = header("mem");
        m.set("m", JSON.valueToTree(membership));
        m.put("del", removed);
        publish(m);
    }

    @Override
    public void room(Room room, boolean deleted) {
        ObjectNode m = header("rm");
        m.set("room", JSON.valueToTree(room));
        m.put("del", deleted);
        publish(m);
    }

    @Override
    public void disconnect(String userId, String connectionId) {
        ObjectNode m = header("kick");
        m.put("u", userId);
        m.put("c", connectionId);
        publish(m);
    }

    @Override
    public void revoke(String userId, long atMillis) {
        ObjectNode m = header("rvk");
        m.put("u", userId);
        m.put("at", atMillis);
        publish(m);
    }

    private void publishHeartbeat() {
        publish(header("hb"));
    }

    private void publishSnapshot() {
        ObjectNode m = header("snap");
        ArrayNode shares = m.putArray("pres");
        for (PresenceService.Share s : presence.localShares()) {
            shares.add(ClusterCodec.encodeShare(JSON.createObjectNode(), s));
        }
        ArrayNode typists = m.putArray("typ");
        for (TypingService.Remote r : typing.localEntries()) {
            ObjectNode t = JSON.createObjectNode();
            ClusterCodec.encodeTyping(t, r);
            typists.add(t);
        }
        UserRevocation r = revocation;
        if (r != null) {
            ObjectNode revoked = m.putObject("rvk");
            r.active().forEach(revoked::put);
        }
        publish(m);
    }

    private ObjectNode header(String type) {
        ObjectNode m = JSON.createObjectNode();
        m.put("t", type);
        m.put("n", nodeId);
        return m;
    }

    private void publish(ObjectNode message) {
        try {
            send(JSON.writeValueAsBytes(message));
        } catch (IOException e) {
            LOG.error("could not encode cluster message {}", message.get("t"), e);
        }
    }

    private void send(byte[] bytes) {
        if (!bus.publish(bytes)) {
            metrics.dropped("bus_publish", 1);
        }
    }

    // ---- receiving -----------------------------------------------------------------------------------

    @Override
    public void onMessage(byte[] bytes) {
        ClusterCodec.Envelope envelope;
        try {
            envelope = ClusterCodec.envelope(bytes);
        } catch (IOException e) {
            LOG.warn("ignoring undecodable cluster message ({} bytes)", bytes.length);
            return;
        }
        String from = envelope.node();
        if (from.isEmpty() || from.equals(nodeId)) {
            return; // our own echo (Redis delivers to every subscriber), dropped before the body is parsed
        }
        boolean known = peersLastSeen.put(from, clock.millis()) != null;
        String type = envelope.type();
        if (!known && !type.equals("bye") && !type.equals("snap")) {
            // A node we did not know (new, or back from the dead): ask for its whole state.
            ObjectNode ask = header("sync");
            ask.put("target", from);
            publish(ask);
        }
        try {
            if (type.equals("room")) {
                // The bulk of the traffic: decoded by streaming, without a tree (see ClusterCodec).
                applyRoomEvent(ClusterCodec.decodeRoomEvent(bytes));
            } else {
                dispatch(type, from, JSON.readTree(bytes));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("failed to apply cluster message {} from {}", type, from, e);
        }
    }

    private void dispatch(String type, String from, JsonNode m) throws IOException {
        switch (type) {
            case "pres" -> presence.applyRemote(ClusterCodec.decodeShare(m));
            case "typ" -> typing.applyRemote(ClusterCodec.decodeTyping(from, m), m.path("stop").asBoolean());
            case "mem" -> applyMembership(m);
            case "rm" -> applyRoom(m);
            case "kick" -> applyKick(m);
            case "rvk" -> applyRevocation(m.path("u").asText(""), m.path("at"));
            case "hb" -> { }
            case "sync" -> {
                String target = m.path("target").asText();
                if (target.equals("*") || target.equals(nodeId)) {
                    publishSnapshot();
                }
            }
            case "snap" -> applySnapshot(from, m);
            case "bye" -> nodeGone(from);
            default -> LOG.debug("ignoring cluster message of unknown type {}", type);
        }
    }

    private void applyRoomEvent(ClusterCodec.RoomEvent m) {
        RoomState room = rooms.get(m.room());
        if (room == null) {
            return;
        }
        if (m.seq() > 0) {
            history.observed(m.room(), m.seq());
        }
        OutboundEvent event = OutboundEvent.ofJson(m.event(), m.payload(),
                m.seq() > 0 ? RecoveryOffsets.format(m.seq(), m.room()) : null);
        fanout.toRoomExcept(room, event, m.exceptConnectionId(), m.exceptUserId());
    }

    private void applyMembership(JsonNode m) throws IOException {
        Membership membership = JSON.treeToValue(m.get("m"), Membership.class);
        RoomState room = rooms.get(membership.roomName());
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (m.path("del").asBoolean()) {
                rooms.removeMember(room, membership.userId());
            } else {
                rooms.putMember(room, membership);
            }
        }
        if (membership.banned() && !m.path("del").asBoolean()) {
            expel.accept(room, membership.userId());
        }
    }

    private void applyRoom(JsonNode m) throws IOException {
        Room room = JSON.treeToValue(m.get("room"), Room.class);
        if (m.path("del").asBoolean()) {
            RoomState removed = rooms.remove(room.name());
            if (removed != null) {
                for (LocalConnection c : removed.subscribers().connections) {
                    c.removeRoom(room.name());
                }
            }
        } else {
            rooms.upsert(room);
        }
    }

    private void applyKick(JsonNode m) {
        String user = m.hasNonNull("u") ? m.get("u").asText() : null;
        String conn = m.hasNonNull("c") ? m.get("c").asText() : null;
        if (conn != null) {
            LocalConnection c = connections.get(conn);
            if (c != null) {
                kick.accept(c);
            }
        }
        if (user != null) {
            for (LocalConnection c : List.copyOf(connections.ofUser(user))) {
                kick.accept(c);
            }
        }
    }

    private void applyRevocation(String userId, JsonNode at) {
        UserRevocation r = revocation;
        if (r != null && !userId.isEmpty() && at.isIntegralNumber()) {
            r.apply(userId, at.asLong());
        }
    }

    private void applySnapshot(String from, JsonNode m) {
        List<PresenceService.Share> shares = new ArrayList<>();
        for (JsonNode s : m.path("pres")) {
            shares.add(ClusterCodec.decodeShare(s));
        }
        List<TypingService.Remote> entries = new ArrayList<>();
        for (JsonNode t : m.path("typ")) {
            entries.add(ClusterCodec.decodeTyping(from, t));
        }
        presence.applySnapshot(from, shares);
        typing.applySnapshot(from, entries);
        for (Map.Entry<String, JsonNode> revoked : m.path("rvk").properties()) {
            applyRevocation(revoked.getKey(), revoked.getValue());
        }
    }

    // ---- liveness ------------------------------------------------------------------------------------

    private void scheduleTick() {
        if (!running) {
            return;
        }
        timer = clock.schedule(heartbeat, () -> {
            try {
                publishHeartbeat();
                expireSilentNodes();
            } finally {
                scheduleTick();
            }
        });
    }

    void expireSilentNodes() {
        long deadline = clock.millis() - heartbeat.toMillis() * MISSED_HEARTBEATS;
        for (Map.Entry<String, Long> e : peersLastSeen.entrySet()) {
            if (e.getValue() < deadline && peersLastSeen.remove(e.getKey(), e.getValue())) {
                LOG.warn("node {} missed {} heartbeats; removing its presence and typing", e.getKey(),
                        MISSED_HEARTBEATS);
                forgetNode(e.getKey());
            }
        }
    }

    private void nodeGone(String node) {
        peersLastSeen.remove(node);
        LOG.info("node {} left the cluster", node);
        forgetNode(node);
    }

    private void forgetNode(String node) {
        presence.nodeGone(node);
        typing.nodeGone(node);
    }

    @Override
    public void onDisconnected() {
        LOG.warn("cluster bus link lost; serving local users only until it returns");
    }

    @Override
    public void onReconnected() {
        LOG.info("cluster bus link restored; re-announcing this node's state");
        publishHeartbeat();
        publishSnapshot();
        publish(header("sync").put("target", "*"));
    }
}
