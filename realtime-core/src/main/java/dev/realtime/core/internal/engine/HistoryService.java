package dev.realtime.core.internal.engine;

import dev.realtime.core.HistoryOptions;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.protocol.RecoveryFailure;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A room's message history for clients: appending accepted messages, {@code room:history} pages, and the catch-up
 * of a {@code room:join} that names the position the client last saw. Internal.
 */
final class HistoryService {
    private final History history;
    private final HistoryOptions options;
    private final Clock clock;
    private final HistoryResets resets;

    HistoryService(History history, HistoryOptions options, Clock clock, HistoryResets resets) {
        this.history = history;
        this.options = options;
        this.clock = clock;
        this.resets = resets;
    }

    /**
     * Keeps a message of the room, giving it the next room offset. Called under the room's publish lock, so a
     * {@code history:reset} of a new epoch reaches the room before the epoch's first message.
     */
    Appended append(RoomState room, ChatMessage message) {
        Appended appended = history.append(message, options.limitsFor(room.room().type()));
        // The reset names the position before this message, which follows it.
        resets.seen(message.roomName(), new HistoryPosition(appended.message().seq() - 1, appended.epoch()));
        return appended;
    }

    HistoryPosition position(String roomName) {
        HistoryPosition now = history.position(roomName);
        resets.seen(roomName, now);
        return now;
    }

    List<ChatMessage> read(String roomName, HistoryQuery query) {
        return history.read(roomName, query);
    }

    /** A page of a room the caller may read. */
    Payloads.HistoryPage page(String roomName, HistoryQuery query) {
        HistoryPosition now = position(roomName);
        return new Payloads.HistoryPage(roomName, now.offset(), now.epoch(), payloads(history.read(roomName, query)));
    }

    /**
     * What a client that last saw {@code since} missed: all of it in order, or the reason it cannot have it. Called
     * under the room's publish lock after subscribing the client, so nothing falls between the replay and the live
     * messages.
     */
    Recovery recover(String roomName, HistoryPosition since) {
        HistoryPosition now = position(roomName);
        if (!now.epoch().equals(since.epoch()) || since.offset() > now.offset()) {
            return Recovery.failed(now, RecoveryFailure.EPOCH_CHANGED);
        }
        long missed = now.offset() - since.offset();
        if (missed == 0) {
            return new Recovery(now, null, List.of());
        }
        if (missed > options.maxRecoveredMessages()) {
            return Recovery.failed(now, RecoveryFailure.TOO_OLD);
        }
        List<ChatMessage> messages = readAfter(roomName, since.offset(), (int) missed);
        Instant windowStart = clock.now().minus(options.recoveryWindow());
        boolean complete = messages.size() == missed && messages.get(0).seq() == since.offset() + 1;
        if (!complete || messages.get(0).timestamp().isBefore(windowStart)) {
            return Recovery.failed(now, RecoveryFailure.TOO_OLD);
        }
        return new Recovery(now, null, payloads(messages));
    }

    /** Up to {@code count} messages after {@code offset}, oldest first, read in pages the history allows. */
    List<ChatMessage> readAfter(String roomName, long offset, int count) {
        List<ChatMessage> result = new ArrayList<>(Math.min(count, HistoryQuery.MAX_LIMIT));
        long after = offset;
        while (result.size() < count) {
            int page = Math.min(count - result.size(), HistoryQuery.MAX_LIMIT);
            List<ChatMessage> read = history.read(roomName, HistoryQuery.after(after, page));
            result.addAll(read);
            if (read.size() < page) {
                break;
            }
            after = read.get(read.size() - 1).seq();
        }
        return result;
    }

    /** The one wire form of a message: {@code message:new}, history pages and recoveries. */
    static Payloads.MessageNew payload(ChatMessage m) {
        return new Payloads.MessageNew(m.id().toString(), m.roomName(), m.seq(), m.userId(), m.content(),
                m.threadId(), m.timestamp().toString(), m.metadata(), m.clientMessageId());
    }

    private static List<Payloads.MessageNew> payloads(List<ChatMessage> messages) {
        return messages.stream().map(HistoryService::payload).toList();
    }

    /**
     * The outcome of a catch-up.
     *
     * @param position the room's position when it was made
     * @param failure  null when recovered
     * @param messages the missed messages in order; empty when not recovered
     */
    record Recovery(HistoryPosition position, RecoveryFailure failure, List<Payloads.MessageNew> messages) {
        static Recovery failed(HistoryPosition position, RecoveryFailure failure) {
            return new Recovery(position, failure, List.of());
        }

        boolean recovered() {
            return failure == null;
        }
    }
}
