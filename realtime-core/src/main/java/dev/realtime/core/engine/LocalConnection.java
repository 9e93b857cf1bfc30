package dev.realtime.core.engine;

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
    private final ConnectionChannel channel;
    private volatile Principal principal;
    /** When the token expires, epoch millis ({@link TokenClaims#NEVER} without {@code exp}); see {@link TokenSweep}. */
    private volatile long tokenExpiresAt;
    /** Whether {@code token:expiring} went out for the current token. */
    private boolean expiryWarned;
    private final TokenBucket eventBudget;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    /** Each joined room's history position when this connection joined it: where a recovery starts at the latest. */
    private final Map<String, HistoryPosition> joinedAt = new ConcurrentHashMap<>();
    /** The Socket.IO recovery session id, or null for connections that cannot be recovered. */
    private volatile String recoveryPid;
    private volatile ConnectionInfo info;
    private volatile boolean open = true;
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

    /** Room name to the history position at the join, for the joined rooms; live view. */
    Map<String, HistoryPosition> joinedAt() {
        return joinedAt;
    }

    @Override
    public String recoveryPid() {
        return recoveryPid;
    }

    void setRecoveryPid(String pid) {
        this.recoveryPid = pid;
    }

    /** Room names this connection joined; live view. */
    public Set<String> rooms() {
        return rooms;
    }

    boolean isOpen() {
        return open;
    }

    /** Marks the connection closed; true only for the first call. */
    synchronized boolean markClosed() {
        if (!open) {
            return false;
        }
        open = false;
        return true;
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
