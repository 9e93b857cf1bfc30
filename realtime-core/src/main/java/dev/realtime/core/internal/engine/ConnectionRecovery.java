package dev.realtime.core.internal.engine;

import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO connection state recovery. A Socket.IO connection gets a recovery session id (pid); when it
 * closes, its rooms are parked in the {@link RecoveryStore} for the recovery window (a shared store lets any node of
 * the cluster recover it). A client that reconnects with that pid and the last offset
 * it received ({@code auth: {pid, offset}}, sent by socket.io-client 4.6+ on its own) gets the same pid (a new
 * connection id), its rooms back, and every message it missed as {@code message:new} events, in order, before the live
 * ones. The room of the last offset resumes right after it; its other rooms resume after the last message not
 * newer than that one. When anything cannot be replayed (history trimmed or lost, window passed, another user),
 * the connection starts afresh, as Socket.IO does. Internal.
 */
final class ConnectionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRecovery.class);
    /** Longer than any pid this server hands out (20 characters); longer ones are not looked up. */
    private static final int MAX_PID_LENGTH = 64;

    private final Clock clock;
    private final HistoryService history;
    private final RoomService roomService;
    private final int maxRecovered;
    private final RecoveryStore store;
    private final Duration window;
    private final SecureRandom random = new SecureRandom();

    ConnectionRecovery(Clock clock, HistoryService history, RoomService roomService, int maxRecovered,
                       RecoveryStore store, Duration window) {
        this.clock = clock;
        this.history = history;
        this.roomService = roomService;
        this.maxRecovered = maxRecovered;
        this.store = store;
        this.window = window;
    }

    /** A recovery settled at registration: the claimed parked session and where each of its rooms resumes. */
    record Plan(String pid, ParkedSession parked, Map<String, HistoryPosition> resumeAt) {
    }

    /**
     * At registration: when the client names a parked session (CONNECT {@code auth: {pid, offset}}) that can be
     * replayed exactly, claims it and gives {@code c} its pid; otherwise gives {@code c} a new pid. Nothing is
     * joined or sent until {@link #resume}.
     */
    void prepare(LocalConnection c, TransportKind kind, Map<String, Object> auth) {
        ParkedSession claimed = claim(kind, auth, c.userId());
        Map<String, HistoryPosition> points = claimed == null ? null : replayable(claimed, auth.get("offset"));
        if (points == null) {
            enrol(c, kind);
            return;
        }
        String pid = (String) auth.get("pid");
        c.setRecoveryPid(pid);
        c.setRecoveryPlan(new Plan(pid, claimed, points));
    }

    /**
     * At activation: rejoins the planned rooms, each replaying what was missed under its publish lock (messages
     * sent since {@link #prepare} included).
     */
    void resume(LocalConnection c) {
        Plan plan = c.takeRecoveryPlan();
        if (plan == null) {
            return;
        }
        for (Map.Entry<String, HistoryPosition> room : plan.resumeAt().entrySet()) {
            try {
                roomService.join(c, room.getKey(), room.getValue(), true);
            } catch (RealtimeException e) {
                // Banned or deleted meanwhile: that room is not restored, the others are.
            }
        }
    }

    /** Closed before activation: the claimed session goes back, for a later reconnect within the window. */
    void release(LocalConnection c) {
        Plan plan = c.takeRecoveryPlan();
        if (plan != null) {
            parkAgain(plan.pid(), plan.parked());
        }
    }

    /**
     * The parked session a reconnecting client names in its CONNECT {@code auth}, or null. A session of another
     * user is parked again for the rest of its window, so a guessed pid neither recovers nor spoils it.
     */
    private ParkedSession claim(TransportKind kind, Map<String, Object> auth, String userId) {
        if (kind != TransportKind.SOCKET_IO || !(auth.get("pid") instanceof String pid)
                || pid.isEmpty() || pid.length() > MAX_PID_LENGTH) {
            return null;
        }
        try {
            ParkedSession p = store.take(pid);
            if (p == null || p.userId().equals(userId)) {
                return p;
            }
            parkAgain(pid, p);
            return null;
        } catch (RealtimeException e) {
            LOG.warn("recovery session could not be read from the {} store; the socket starts afresh: {}",
                    store.name(), e.getMessage());
            return null;
        }
    }

    /** Parks a taken session again for what is left of its window. */
    private void parkAgain(String pid, ParkedSession p) {
        Duration left = Duration.between(clock.now(), p.closedAt().plus(window));
        if (left.isNegative() || left.isZero()) {
            return;
        }
        try {
            store.park(pid, p, left);
        } catch (RealtimeException e) {
            LOG.warn("recovery session could not be parked again in the {} store: {}", store.name(), e.getMessage());
        }
    }

    /** Where each parked room resumes, or null when that cannot be done exactly (or the history cannot be read). */
    private Map<String, HistoryPosition> replayable(ParkedSession session, Object offset) {
        try {
            return resumePoints(session, RecoveryOffsets.parse(offset));
        } catch (RealtimeException e) {
            LOG.warn("history could not be read to recover a socket; it starts afresh: {}", e.getMessage());
            return null;
        }
    }

    /** Gives a new Socket.IO connection its recovery session id. */
    private void enrol(LocalConnection c, TransportKind kind) {
        if (kind == TransportKind.SOCKET_IO && !c.anonymous()) {
            byte[] bytes = new byte[15];
            random.nextBytes(bytes);
            c.setRecoveryPid(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
    }

    /** Keeps a closing connection's rooms for the window. Call before it leaves its rooms. */
    void park(LocalConnection c) {
        if (c.recoveryPid() == null) {
            return;
        }
        try {
            store.park(c.recoveryPid(), new ParkedSession(c.userId(), Map.copyOf(c.joinedAt()), clock.now()),
                    window);
        } catch (RealtimeException e) {
            LOG.warn("recovery session could not be parked in the {} store; the socket will start afresh: {}",
                    store.name(), e.getMessage());
        }
    }

    /** Where each parked room resumes, or null when one of them cannot be replayed exactly. */
    private Map<String, HistoryPosition> resumePoints(ParkedSession session, RecoveryOffsets.Parsed last) {
        Instant lastSeen = null;
        if (last != null && session.rooms().containsKey(last.roomName())) {
            List<ChatMessage> found = history.read(last.roomName(), new HistoryQuery(last.offset() - 1,
                    last.offset() + 1, 1));
            if (found.isEmpty()) {
                return null;
            }
            lastSeen = found.get(0).timestamp();
        }
        Map<String, HistoryPosition> points = new LinkedHashMap<>();
        for (Map.Entry<String, HistoryPosition> e : session.rooms().entrySet()) {
            String room = e.getKey();
            HistoryPosition joined = e.getValue();
            long from = joined.offset();
            if (last != null && room.equals(last.roomName())) {
                from = Math.max(from, last.offset());
            } else if (lastSeen != null) {
                from = lastNotNewerThan(room, from, lastSeen);
            }
            HistoryPosition point = new HistoryPosition(from, joined.epoch());
            if (!history.recover(room, point).recovered()) {
                return null;
            }
            points.put(room, point);
        }
        return points;
    }

    /** The offset of the room's last message after {@code from} not newer than {@code seen}, else {@code from}. */
    private long lastNotNewerThan(String room, long from, Instant seen) {
        long result = from;
        for (ChatMessage m : history.readAfter(room, from, maxRecovered)) {
            if (m.timestamp().isAfter(seen)) {
                break;
            }
            result = m.seq();
        }
        return result;
    }
}
