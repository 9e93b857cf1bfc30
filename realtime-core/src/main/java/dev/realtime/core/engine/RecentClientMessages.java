package dev.realtime.core.engine;

import dev.realtime.core.protocol.Payloads;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The acks of recently accepted messages that carried a {@code clientMessageId}, so a client that resends a message
 * after a reconnect (it never saw the ack) gets the first ack again instead of a second message. Bounded by count
 * and by age: a resend comes within seconds, so remembering the recovery window is enough. Per node. Internal.
 */
final class RecentClientMessages {
    private final int capacity;
    private final Duration maxAge;
    /** Oldest first; guarded by this. */
    private final LinkedHashMap<Key, Remembered> acks = new LinkedHashMap<>();

    RecentClientMessages(int capacity, Duration maxAge) {
        this.capacity = capacity;
        this.maxAge = maxAge;
    }

    /** The ack of the earlier message, or null when this one is new. */
    synchronized Payloads.MessageAccepted find(String room, String userId, String clientMessageId, Instant now) {
        expire(now);
        Remembered r = acks.get(new Key(room, userId, clientMessageId));
        return r == null ? null : r.ack();
    }

    synchronized void remember(String room, String userId, String clientMessageId, Payloads.MessageAccepted ack,
                               Instant now) {
        acks.put(new Key(room, userId, clientMessageId), new Remembered(ack, now));
        Iterator<Key> eldest = acks.keySet().iterator();
        while (acks.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    synchronized int size() {
        return acks.size();
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(maxAge);
        Iterator<Map.Entry<Key, Remembered>> it = acks.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().at().isBefore(oldest)) {
            it.remove();
        }
    }

    private record Key(String room, String userId, String clientMessageId) {
    }

    private record Remembered(Payloads.MessageAccepted ack, Instant at) {
    }
}
