package dev.realtime.bus.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.spi.recovery.AcceptedMessage;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The {@link RecoveryStore} in Redis, shared by every node on the same server and prefix, so that a Socket.IO client
 * recovers, and a resent {@code clientMessageId} is recognised, on whichever node it reaches. Every entry is one
 * key with a time to live (the recovery window): a parked session is taken with {@code GETDEL}, so only one node
 * recovers it; a send is claimed with {@code SET NX}, so only one node accepts it. One connection, used by one
 * caller at a time; a failed one is replaced on the next call. Failures are {@code UNAVAILABLE}.
 */
public final class RedisRecoveryStore implements RecoveryStore {
    /** The value of a claimed send whose answer is not recorded yet. */
    private static final String PENDING = "pending";
    /** A claim not answered within this is given up (its node failed mid-send), so resends are not stuck. */
    private static final Duration PENDING_TTL = Duration.ofSeconds(10);
    /** How long a resend waits for a first send that another node is still processing. */
    private static final Duration PENDING_WAIT = Duration.ofSeconds(2);
    private static final long PENDING_POLL_MILLIS = 20;
    /** Sets the pending mark unless the key exists; answers nil when it did, else the earlier value. */
    private static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return nil
            end
            return redis.call('GET', KEYS[1])""";

    private final String prefix;
    private final RedisClients clients;
    private Jedis connection; // guarded by this

    /** @param options the Redis server (the bus's URL and options) and the key prefix (its channel prefix) */
    public RedisRecoveryStore(RedisBusOptions options) {
        this.prefix = options.channelPrefix() + ":recovery:";
        this.clients = new RedisClients(options);
    }

    @Override
    public String name() {
        return "redis";
    }

    private String sessionKey(String pid) {
        return prefix + "session:" + pid;
    }

    /** Lengths before the user-chosen parts, so that no two keys' parts run together into the same key. */
    private String sentKey(SentMessageKey key) {
        return prefix + "sent:" + key.roomName().length() + ":" + key.roomName() + ":" + key.userId().length() + ":"
                + key.userId() + ":" + key.clientMessageId();
    }

    @Override
    public void park(String pid, ParkedSession session, Duration ttl) {
        String value = write(session);
        call("park a recovery session", jedis -> jedis.set(sessionKey(pid), value,
                SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public ParkedSession take(String pid) {
        String value = call("take a recovery session", jedis -> jedis.getDel(sessionKey(pid)));
        return value == null ? null : read(value, ParkedSession.class);
    }

    @Override
    public AcceptedMessage claim(SentMessageKey key, Duration ttl) {
        String redisKey = sentKey(key);
        long deadline = System.nanoTime() + PENDING_WAIT.toNanos();
        String pendingTtl = Long.toString(Math.min(ttl.toMillis(), PENDING_TTL.toMillis()));
        while (true) {
            String earlier = call("claim a client message id",
                    jedis -> (String) jedis.eval(CLAIM, List.of(redisKey), List.of(PENDING, pendingTtl)));
            if (earlier == null) {
                return null;
            }
            if (!PENDING.equals(earlier)) {
                return read(earlier, AcceptedMessage.class);
            }
            if (System.nanoTime() > deadline) {
                return AcceptedMessage.pending();
            }
            pause();
        }
    }

    @Override
    public void accepted(SentMessageKey key, AcceptedMessage answer, Duration ttl) {
        String value = write(answer);
        call("record a client message id", jedis -> jedis.set(sentKey(key), value,
                SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public void release(SentMessageKey key) {
        call("release a client message id", jedis -> jedis.del(sentKey(key)));
    }

    private static void pause() {
        try {
            Thread.sleep(PENDING_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "interrupted while waiting for an earlier send");
        }
    }

    private static String write(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recovery state cannot be written as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.reader().forType(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "recovery state in Redis cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }

    private synchronized <T> T call(String action, Function<Jedis, T> work) {
        try {
            if (connection == null) {
                connection = clients.recovery();
            }
            return work.apply(connection);
        } catch (RuntimeException e) {
            closeConnection();
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "Redis could not " + action + ": " + e.getMessage(), e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
