package dev.realtime.core.internal.engine;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A connection held by this node: its channel, who it is, which rooms it subscribed to. Internal. */
public final class LocalConnection implements Session {
    /** Registered (the transport's handshake answer not out yet), then active, then closed. */
    enum Stage { REGISTERED, ACTIVE, CLOSED }

    private final ConnectionChannel channel;
    private volatile Principal principal;
    /** When the token expires, epoch millis ({@link TokenClaims#NEVER} without {@code exp}); see {@link TokenSweep}. */
    private volatile long tokenExpiresAt;
    /** Whether {@code token:expiring} went out for the current token. */
    private boolean expiryWarned;
    private final TokenBucket eventBudget;
    /** Joined room names; null until the first join (a crowd of idle connections joins nothing). */
    private volatile Set<String> rooms;
    /**
     * Each joined room's history position when this connection joined it: where a recovery starts at the latest.
     * Null until the first join.
     */
    private volatile Map<String, HistoryPosition> joinedAt;
    /** The Socket.IO recovery session id, or null for connections that cannot be recovered. */
    private volatile String recoveryPid;
    /** What {@link ConnectionRecovery#prepare} settled at registration, until activation takes it. */
    private ConnectionRecovery.Plan recoveryPlan;
    private volatile ConnectionInfo info;
    private volatile Stage stage = Stage.REGISTERED;
    /** When the connection row was last handed to the store writer (heartbeats only refresh it now and then). */
    private long rowWrittenAtMillis;

    LocalConnection(ConnectionInfo info, Principal principal, ConnectionChannel channel, TokenBucket eventBudget) {
        this.info = info;
        this.principal = principal;
        this.tokenExpiresAt = TokenClaims.expiresAtMillis(principal);
        this.channel = channel;
        this.eventBudget = eventBudget;
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    public String userId() {
        return principal.userId();
    }

    public boolean anonymous() {
        return principal.anonymous();
    }

    public Principal principal() {
        return principal;
    }

    public ConnectionChannel channel() {
        return channel;
    }

    TokenBucket eventBudget() {
        return eventBudget;
    }

    /** Room name to the history position at the join, for the joined rooms; live view (empty before any join). */
    Map<String, HistoryPosition> joinedAt() {
        Map<String, HistoryPosition> j = joinedAt;
        return j == null ? Map.of() : j;
    }

    /** Records a join: the room, and its history position unless one is recorded already. */
    void joined(String room, HistoryPosition position) {
        if (rooms == null) {
            synchronized (this) {
                if (rooms == null) {
                    joinedAt = new ConcurrentHashMap<>(4);
                    rooms = ConcurrentHashMap.newKeySet(4);
                }
            }
        }
        rooms.add(room);
        joinedAt.putIfAbsent(room, position);
    }

    /** Forgets a room this connection was in (no-op when it was not). */
    void removeRoom(String room) {
        Set<String> r = rooms;
        if (r != null) {
            r.remove(room);
        }
    }

    /** Forgets a room and its history position. */
    void left(String room) {
        removeRoom(room);
        Map<String, HistoryPosition> j = joinedAt;
        if (j != null) {
            j.remove(room);
        }
    }

    /** Forgets every room (the positions stay, for a recovery of this connection). */
    void clearRooms() {
        Set<String> r = rooms;
        if (r != null) {
            r.clear();
        }
    }

    @Override
    public String recoveryPid() {
        return recoveryPid;
    }

    void setRecoveryPid(String pid) {
        this.recoveryPid = pid;
    }

    /** Room names this connection joined; live view (an empty set before any join). */
    public Set<String> rooms() {
        Set<String> r = rooms;
        return r == null ? Set.of() : r;
    }

    synchronized void setRecoveryPlan(ConnectionRecovery.Plan plan) {
        this.recoveryPlan = plan;
    }

    /** The recovery settled at registration, once (null when there is none). */
    synchronized ConnectionRecovery.Plan takeRecoveryPlan() {
        ConnectionRecovery.Plan plan = recoveryPlan;
        recoveryPlan = null;
        return plan;
    }

    /** Active: the transport's handshake answer is out and the connection is not closed. */
    boolean isOpen() {
        return stage == Stage.ACTIVE;
    }

    /**
     * Registered to active; false when the connection was closed first.
     *
     * @throws IllegalStateException when it already was active
     */
    synchronized boolean markActive() {
        if (stage == Stage.ACTIVE) {
            throw new IllegalStateException("connection " + id() + " was already activated");
        }
        if (stage == Stage.CLOSED) {
            return false;
        }
        stage = Stage.ACTIVE;
        return true;
    }

    /** Marks the connection closed; returns the stage it was in ({@link Stage#CLOSED} for a repeated call). */
    synchronized Stage markClosed() {
        Stage was = stage;
        stage = Stage.CLOSED;
        return was;
    }

    long tokenExpiresAt() {
        return tokenExpiresAt;
    }

    /** What the token sweep has to do for this connection now. */
    enum TokenCheck { NOTHING, WARN, EXPIRE }

    /**
     * Decides, atomically with {@link #refreshed}, whether the token has expired at {@code nowMillis}, or is
     * within {@code warnMillis} of it and not warned about yet (then it counts as warned).
     */
    synchronized TokenCheck checkToken(long nowMillis, long warnMillis) {
        long expiresAt = tokenExpiresAt;
        if (expiresAt == TokenClaims.NEVER) {
            return TokenCheck.NOTHING;
        }
        if (nowMillis >= expiresAt) {
            return TokenCheck.EXPIRE;
        }
        if (!expiryWarned && nowMillis >= expiresAt - warnMillis) {
            expiryWarned = true;
            return TokenCheck.WARN;
        }
        return TokenCheck.NOTHING;
    }

    /** A refresh succeeded: the connection is {@code next} from now on, with that token's expiry. */
    synchronized void refreshed(Principal next) {
        principal = next;
        tokenExpiresAt = TokenClaims.expiresAtMillis(next);
        expiryWarned = false;
    }

    void updateInfo(ConnectionInfo newInfo) {
        this.info = newInfo;
    }

    /** The connection's row was handed to the store writer at {@code nowMillis}. */
    synchronized void rowWritten(long nowMillis) {
        rowWrittenAtMillis = nowMillis;
    }

    /** True when the row was last written at least {@code intervalMillis} ago; records {@code nowMillis} if so. */
    synchronized boolean rowRefreshDue(long nowMillis, long intervalMillis) {
        if (rowWrittenAtMillis != 0 && nowMillis - rowWrittenAtMillis < intervalMillis) {
            return false;
        }
        rowWrittenAtMillis = nowMillis;
        return true;
    }
}
