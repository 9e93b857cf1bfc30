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
    private final Principal principal;
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

    void updateInfo(ConnectionInfo newInfo) {
        this.info = newInfo;
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
