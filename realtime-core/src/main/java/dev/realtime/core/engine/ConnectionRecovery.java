package dev.realtime.core.engine;

import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Socket.IO connection state recovery on this node. A Socket.IO connection gets a recovery session id (pid); when it
 * closes, its rooms are parked for the recovery window. A client that reconnects with that pid and the last offset
 * it received ({@code auth: {pid, offset}}, sent by socket.io-client 4.6+ on its own) gets the same pid (a new
 * connection id), its rooms back, and every message it missed as {@code message:new} events, in order, before the live
 * ones. The room of the last offset resumes right after it; its other rooms resume after the last message not
 * newer than that one. When anything cannot be replayed (history trimmed or lost, window passed, another user),
 * the connection starts afresh, as Socket.IO does. Internal.
 */
final class ConnectionRecovery {
    private static final int MAX_PARKED = 100_000;

    private final Clock clock;
    private final HistoryService history;
    private final RoomService roomService;
    private final int maxRecovered;
    private final ParkedSessions parked;
    private final SecureRandom random = new SecureRandom();

    ConnectionRecovery(Clock clock, HistoryService history, RoomService roomService, int maxRecovered,
                       Duration window) {
        this.clock = clock;
        this.history = history;
        this.roomService = roomService;
        this.maxRecovered = maxRecovered;
        this.parked = new ParkedSessions(MAX_PARKED, window);
    }

    /** A recovery settled at registration: the claimed parked session and where each of its rooms resumes. */
    record Plan(String pid, ParkedSessions.Parked parked, Map<String, HistoryPosition> resumeAt) {
    }

    /**
     * At registration: when the client names a parked session (CONNECT {@code auth: {pid, offset}}) that can be
     * replayed exactly, claims it and gives {@code c} its pid; otherwise gives {@code c} a new pid. Nothing is
     * joined or sent until {@link #resume}.
     */
    void prepare(LocalConnection c, TransportKind kind, Map<String, Object> auth) {
        ParkedSessions.Parked claimed = claim(kind, auth, c.userId());
        Map<String, HistoryPosition> points = claimed == null ? null
                : resumePoints(claimed, RecoveryOffsets.parse(auth.get("offset")));
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
            parked.park(plan.pid(), plan.parked());
        }
    }

    /** The parked session a reconnecting client names in its CONNECT {@code auth}, or null. */
    private ParkedSessions.Parked claim(TransportKind kind, Map<String, Object> auth, String userId) {
        if (kind != TransportKind.SOCKET_IO || !(auth.get("pid") instanceof String pid)) {
            return null;
        }
        ParkedSessions.Parked p = parked.take(pid, clock.now());
        return p != null && p.userId().equals(userId) ? p : null;
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
        if (c.recoveryPid() != null) {
            parked.park(c.recoveryPid(), new ParkedSessions.Parked(c.userId(),
                    Map.copyOf(c.joinedAt()), clock.now()));
        }
    }

    /** Where each parked room resumes, or null when one of them cannot be replayed exactly. */
    private Map<String, HistoryPosition> resumePoints(ParkedSessions.Parked session, RecoveryOffsets.Parsed last) {
        Instant lastSeen = null;
        if (last != null && session.joinedAt().containsKey(last.roomName())) {
            List<ChatMessage> found = history.read(last.roomName(), new HistoryQuery(last.offset() - 1,
                    last.offset() + 1, 1));
            if (found.isEmpty()) {
                return null;
            }
            lastSeen = found.get(0).timestamp();
        }
        Map<String, HistoryPosition> points = new LinkedHashMap<>();
        for (Map.Entry<String, HistoryPosition> e : session.joinedAt().entrySet()) {
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
        for (ChatMessage m : history.read(room, HistoryQuery.after(from, maxRecovered))) {
            if (m.timestamp().isAfter(seen)) {
                break;
            }
            result = m.seq();
        }
        return result;
    }
}
