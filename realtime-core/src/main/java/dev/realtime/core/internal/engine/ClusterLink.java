package dev.realtime.core.internal.engine;

import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Scheduler.Cancellable;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.bus.BusListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the cluster bus. Outbound, the services publish through the {@link ClusterSender} they
 * were given; inbound, this link decodes each message once with {@link ClusterCodec} and hands it to the handler
 * registered for its kind ({@link ClusterInbound#handlers()}). It keeps node liveness itself: every node
 * publishes a heartbeat each interval, a node silent for three intervals is declared dead and its connections'
 * presence and typing are removed. A node that (re)appears is asked for a snapshot of its state, which replaces
 * what was known of it, so a paused node that comes back re-asserts itself without duplicates. A message this
 * node cannot apply (unknown kind, newer wire version, malformed) is skipped, counted as
 * {@code realtime.cluster.skipped} and logged. Internal.
 */
final class ClusterLink implements BusListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
    private static final int MISSED_HEARTBEATS = 3;
    /** Distinct skip causes logged at WARN; later ones of a cause go to DEBUG (a newer peer may send many). */
    private static final int MAX_WARNED_SKIPS = 64;

    private final String nodeId;
    private final Bus bus;
    private final Clock clock;
    private final Duration heartbeat;
    private final ClusterSender sender;
    private final ClusterPeers peers;
    private final ClusterInbound inbound;
    private final ClusterHandlers handlers;
    private final RealtimeMetrics metrics;
    private final Set<String> warnedSkips = ConcurrentHashMap.newKeySet();
    private volatile Cancellable timer;
    private volatile boolean running;

    ClusterLink(String nodeId, Bus bus, Clock clock, Duration heartbeat, ClusterSender sender, ClusterPeers peers,
                ClusterInbound inbound, RealtimeMetrics metrics) {
        this.nodeId = nodeId;
        this.bus = bus;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.sender = sender;
        this.peers = peers;
        this.inbound = inbound;
        this.handlers = inbound.handlers();
        this.metrics = metrics;
        metrics.gauge("realtime.cluster.peers", "Other nodes currently alive", peers::size);
    }

    void start() {
        running = true;
        bus.start(this);
        sender.send(new ClusterMessage.Heartbeat());
        // Our (empty) state replaces whatever peers still remember of an earlier process under this node id.
        sender.send(inbound.snapshot());
        sender.send(new ClusterMessage.SyncRequest(ClusterMessage.SyncRequest.EVERYONE));
        scheduleTick();
    }

    void stop() {
        running = false;
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        sender.send(new ClusterMessage.Bye());
        bus.close();
    }

    Set<String> peers() {
        return peers.names();
    }

    boolean connected() {
        return bus.isConnected();
    }

    String busName() {
        return bus.name();
    }

    // ---- receiving -----------------------------------------------------------------------------------

    @Override
    public void onMessage(byte[] bytes) {
        ClusterCodec.Envelope envelope;
        try {
            envelope = ClusterCodec.envelope(bytes);
        } catch (IOException e) {
            skipped(ClusterCodec.Decoded.skip("?", ClusterCodec.SkipReason.MALFORMED, bytes.length + " bytes"));
            return;
        }
        String from = envelope.node();
        if (from.isEmpty() || from.equals(nodeId)) {
            return; // our own echo (Redis delivers to every subscriber), dropped before the body is parsed
        }
        boolean isNew = peers.heard(from, clock.elapsedMillis());
        String kind = envelope.type();
        if (isNew && !kind.equals("bye") && !kind.equals("snap")) {
            // A node we did not know (new, or back from the dead): ask for its whole state.
            sender.send(new ClusterMessage.SyncRequest(from));
        }
        ClusterCodec.Decoded decoded = ClusterCodec.decode(envelope, bytes);
        if (decoded.message() == null) {
            skipped(decoded);
            return;
        }
        try {
            apply(from, decoded.message());
        } catch (RuntimeException e) {
            LOG.warn("failed to apply cluster message {} from {}", kind, from, e);
        }
    }

    private void apply(String from, ClusterMessage message) {
        if (message instanceof ClusterMessage.Heartbeat) {
            return; // liveness is recorded for every message
        }
        if (message instanceof ClusterMessage.SyncRequest sync) {
            if (sync.target().equals(ClusterMessage.SyncRequest.EVERYONE) || sync.target().equals(nodeId)) {
                sender.send(inbound.snapshot());
            }
        } else if (message instanceof ClusterMessage.Bye) {
            nodeGone(from);
        } else if (!handlers.dispatch(from, message)) {
            skipped(ClusterCodec.Decoded.skip(from, ClusterCodec.SkipReason.UNKNOWN_KIND,
                    message.getClass().getSimpleName()));
        }
    }

    private void skipped(ClusterCodec.Decoded skip) {
        metrics.clusterMessageSkipped(skip.skipped().tag());
        String cause = skip.skipped().tag() + " " + skip.detail();
        if (warnedSkips.size() < MAX_WARNED_SKIPS && warnedSkips.add(cause)) {
            LOG.warn("skipping cluster messages from {}: {} (a node of a newer version? see the rolling-upgrade "
                    + "notes); further ones are counted in realtime.cluster.skipped", skip.from(), cause);
        } else {
            LOG.debug("skipped cluster message from {}: {}", skip.from(), cause);
        }
    }

    // ---- liveness ------------------------------------------------------------------------------------

    private void scheduleTick() {
        if (!running) {
            return;
        }
        timer = clock.schedule(heartbeat, () -> {
            try {
                sender.send(new ClusterMessage.Heartbeat());
                expireSilentNodes();
            } finally {
                scheduleTick();
            }
        });
    }

    void expireSilentNodes() {
        long deadline = clock.elapsedMillis() - heartbeat.toMillis() * MISSED_HEARTBEATS;
        for (String node : peers.expire(deadline)) {
            LOG.warn("node {} missed {} heartbeats; removing its presence and typing", node, MISSED_HEARTBEATS);
            inbound.nodeGone(node);
        }
    }

    private void nodeGone(String node) {
        peers.remove(node);
        LOG.info("node {} left the cluster", node);
        inbound.nodeGone(node);
    }

    @Override
    public void onDisconnected() {
        LOG.warn("cluster bus link lost; serving local users only until it returns");
    }

    @Override
    public void onReconnected() {
        LOG.info("cluster bus link restored; re-announcing this node's state");
        sender.send(new ClusterMessage.Heartbeat());
        sender.send(inbound.snapshot());
        sender.send(new ClusterMessage.SyncRequest(ClusterMessage.SyncRequest.EVERYONE));
    }
}
