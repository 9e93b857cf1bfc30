package dev.realtime.core.memory;

import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ring of the newest messages per room, in the heap of one node: the default history. Its epoch is new with every
 * instance, because a restarted node has lost what it kept. Each room's ring holds at most its
 * {@link HistoryLimits#maxMessages()} and drops messages older than {@link HistoryLimits#maxAge()} on the next append
 * or read, so memory stays bounded by rooms times the largest limit.
 */
public final class InMemoryHistory implements History {
    private final Clock clock;
    private final String epoch = UUID.randomUUID().toString();
    private final Map<String, Ring> rooms = new ConcurrentHashMap<>();

    /** @param clock measures the age bound */
    public InMemoryHistory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Appended append(ChatMessage message, HistoryLimits limits) {
        Ring ring = rooms.computeIfAbsent(message.roomName(), r -> new Ring());
        return new Appended(ring.append(message, limits, clock.now()), epoch);
    }

    @Override
    public HistoryPosition position(String roomName) {
        Ring ring = rooms.get(roomName);
        return new HistoryPosition(ring == null ? 0 : ring.lastOffset(), epoch);
    }

    @Override
    public List<ChatMessage> read(String roomName, HistoryQuery query) {
        Ring ring = rooms.get(roomName);
        return ring == null ? List.of() : ring.read(query, clock.now());
    }

    @Override
    public void observed(String roomName, long offset) {
        rooms.computeIfAbsent(roomName, r -> new Ring()).observe(offset);
    }

    @Override
    public void close() {
        rooms.clear();
    }

    /** One room's messages, oldest first, and its offset counter. */
    private static final class Ring {
        private final ArrayDeque<ChatMessage> messages = new ArrayDeque<>();
        private HistoryLimits limits;
        private long lastOffset;

        synchronized ChatMessage append(ChatMessage message, HistoryLimits bounds, Instant now) {
            limits = bounds;
            ChatMessage kept = message.withSeq(++lastOffset);
            messages.addLast(kept);
            trim(now);
            return kept;
        }

        synchronized long lastOffset() {
            return lastOffset;
        }

        synchronized void observe(long offset) {
            lastOffset = Math.max(lastOffset, offset);
        }

        synchronized List<ChatMessage> read(HistoryQuery query, Instant now) {
            trim(now);
            long after = query.after() == null ? 0 : query.after();
            long before = query.before() == null ? Long.MAX_VALUE : query.before();
            List<ChatMessage> page = new ArrayList<>(Math.min(query.limit(), messages.size()));
            if (query.after() != null) {
                for (ChatMessage m : messages) {
                    if (m.seq() > after && m.seq() < before && page.size() < query.limit()) {
                        page.add(m);
                    }
                }
                return page;
            }
            Iterator<ChatMessage> newestFirst = messages.descendingIterator();
            while (newestFirst.hasNext() && page.size() < query.limit()) {
                ChatMessage m = newestFirst.next();
                if (m.seq() < before) {
                    page.add(m);
                }
            }
            Collections.reverse(page);
            return page;
        }

        private void trim(Instant now) {
            if (limits == null) {
                return;
            }
            while (messages.size() > limits.maxMessages()) {
                messages.removeFirst();
            }
            Instant oldest = now.minus(limits.maxAge());
            while (!messages.isEmpty() && messages.peekFirst().timestamp().isBefore(oldest)) {
                messages.removeFirst();
            }
        }
    }
}
