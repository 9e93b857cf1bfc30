package dev.realtime.bus.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The {@link History} in Redis, shared by every node on the same server and prefix: per room an offset counter, an
 * epoch and a stream capped at the room's count bound ({@code XADD MAXLEN}), written by one Lua script so the
 * offset, the epoch check and the append are one atomic step. A Redis that lost the room's keys (flushed, restarted
 * without persistence) has no epoch: the next script makes a new one and offsets start again from 1, which tells
 * reconnecting clients their position is gone. Expired messages are left out of reads; stream entries are
 * {@code <offset>-1}, so paging is a range of ids. One connection, used by one caller at a time; a failed one is
 * replaced on the next call. Failures are {@code UNAVAILABLE}.
 */
public final class RedisHistory implements History {
    private static final String APPEND = """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch)
              redis.call('DEL', KEYS[1], KEYS[3])
            end
            local offset = redis.call('INCR', KEYS[1])
            redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[2], offset .. '-1', 'm', ARGV[3])
            redis.call('SET', KEYS[4], ARGV[4])
            return {offset, epoch}""";
    private static final String POSITION = """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch)
              redis.call('DEL', KEYS[1], KEYS[3])
            end
            return {tonumber(redis.call('GET', KEYS[1]) or '0'), epoch}""";

    private final String prefix;
    private final Clock clock;
    private final RedisClients clients;
    private Jedis connection; // guarded by this

    /**
     * @param options the Redis server (the bus's URL and options) and the key prefix (its channel prefix)
     * @param clock   measures the rooms' age bounds
     */
    public RedisHistory(RedisBusOptions options, Clock clock) {
        this.prefix = options.channelPrefix();
        this.clock = clock;
        this.clients = new RedisClients(options);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** The room's keys, in one hash slot so the script also runs on a Redis Cluster. */
    private List<String> keys(String room) {
        String base = prefix + ":history:{" + room + "}:";
        return List.of(base + "offset", base + "epoch", base + "stream", base + "age");
    }

    @Override
    public Appended append(ChatMessage message, HistoryLimits limits) {
        String room = message.roomName();
        return call("append to the history of room " + room, jedis -> {
            List<String> keys = keys(room);
            // The stored message has offset 0: its offset is the entry id, known only inside the script.
            List<?> reply = (List<?>) jedis.eval(APPEND, keys, List.of(UUID.randomUUID().toString(),
                    Integer.toString(limits.maxMessages()), write(message.withSeq(0)),
                    Long.toString(limits.maxAge().toMillis())));
            long offset = (Long) reply.get(0);
            return new Appended(message.withSeq(offset), (String) reply.get(1));
        });
    }

    @Override
    public HistoryPosition position(String roomName) {
        return call("read the history position of room " + roomName, jedis -> {
            List<?> reply = (List<?>) jedis.eval(POSITION, keys(roomName), List.of(UUID.randomUUID().toString()));
            return new HistoryPosition((Long) reply.get(0), (String) reply.get(1));
        });
    }

    @Override
    public List<ChatMessage> read(String roomName, HistoryQuery query) {
        return call("read the history of room " + roomName, jedis -> {
            List<String> keys = keys(roomName);
            String age = jedis.get(keys.get(3));
            Instant oldest = age == null ? Instant.MIN : clock.now().minusMillis(Long.parseLong(age));
            long before = query.before() == null ? Long.MAX_VALUE : query.before();
            List<ChatMessage> page = new ArrayList<>();
            if (query.after() != null) {
                // Oldest first; expired entries come first, so read on past them until the page is full.
                StreamEntryID from = new StreamEntryID(query.after() + 1, 0);
                while (page.size() < query.limit()) {
                    List<StreamEntry> entries = jedis.xrange(keys.get(2), from, StreamEntryID.MAXIMUM_ID,
                            query.limit());
                    for (StreamEntry e : entries) {
                        ChatMessage m = message(e);
                        if (m.seq() < before && !m.timestamp().isBefore(oldest) && page.size() < query.limit()) {
                            page.add(m);
                        }
                    }
                    if (entries.size() < query.limit() || entries.get(entries.size() - 1).getID().getTime() >= before) {
                        break;
                    }
                    from = new StreamEntryID(entries.get(entries.size() - 1).getID().getTime() + 1, 0);
                }
                return page;
            }
            StreamEntryID to = before == Long.MAX_VALUE ? StreamEntryID.MAXIMUM_ID : new StreamEntryID(before - 1, 2);
            for (StreamEntry e : jedis.xrevrange(keys.get(2), to, StreamEntryID.MINIMUM_ID, query.limit())) {
                ChatMessage m = message(e);
                if (!m.timestamp().isBefore(oldest)) {
                    page.add(m);
                }
            }
            Collections.reverse(page);
            return page;
        });
    }

    private static ChatMessage message(StreamEntry e) {
        try {
            ChatMessage m = Json.reader().forType(ChatMessage.class).readValue(e.getFields().get("m"));
            // JSON null reads back as a null node; the message had none.
            JsonNode metadata = m.metadata() == null || m.metadata().isNull() ? null : m.metadata();
            return new ChatMessage(m.id(), m.roomName(), e.getID().getTime(), m.userId(), m.content(), m.threadId(),
                    metadata, m.timestamp(), m.clientMessageId());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("history entry " + e.getID() + " cannot be read", ex);
        }
    }

    private static String write(ChatMessage message) {
        try {
            return Json.writer().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw RealtimeException.validation("message", "message cannot be written as JSON: " + e.getMessage());
        }
    }

    private synchronized <T> T call(String action, Function<Jedis, T> work) {
        try {
            if (connection == null) {
                connection = clients.history();
            }
            return work.apply(connection);
        } catch (RealtimeException e) {
            throw e;
        } catch (RuntimeException e) {
            closeConnection();
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "Redis history could not " + action + ": "
                    + e.getMessage(), e);
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
