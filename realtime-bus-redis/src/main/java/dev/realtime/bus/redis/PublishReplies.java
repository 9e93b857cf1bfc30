package dev.realtime.bus.redis;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads Redis's replies to what the publisher thread pipelined on one connection, on a thread of its own. The
 * publisher thread only writes, so a message that arrives while the previous batch is on its way goes out at
 * once instead of waiting a round trip for the previous batch's replies (on a busy core, that wait also costs
 * a wake-up of the publisher thread, and everything queued behind it waits for that too).
 *
 * <p>One per connection. The publisher thread calls {@link #expect} after each flushed batch; this thread reads
 * that many replies and reports them. When the connection fails, the batches still waiting for replies are
 * reported lost: they may or may not have reached Redis, so they are counted as dropped, never re-sent.
 */
final class PublishReplies {
    /** Batches that may wait for their replies; the publisher thread waits (never a caller) beyond that. */
    static final int MAX_BATCHES_IN_FLIGHT = 64;
    private static final int END = -1;

    /** Where the outcome of each batch goes; called on this object's thread. */
    interface Outcome {
        /** Replies read: {@code refused} of them were errors, the last one {@code refusal} (null when none). */
        void replied(int published, int refused, JedisDataException refusal);

        /** Messages whose replies will never come, because the connection failed or was closed. */
        void lost(int messages);

        /** Reading failed on its own (not because the publisher closed the connection). */
        void failed(RuntimeException cause);
    }

    private final Connection connection;
    private final Outcome outcome;
    private final BlockingQueue<Integer> batches = new ArrayBlockingQueue<>(MAX_BATCHES_IN_FLIGHT + 1);
    private final Thread thread;
    private volatile boolean failed;
    private volatile boolean closing;
    private int unread; // this object's thread only: replies of the batch being read that have not come yet

    PublishReplies(Connection connection, Outcome outcome) {
        this.connection = connection;
        this.outcome = outcome;
        this.thread = new Thread(this::run, "realtime-redis-bus-pub-replies");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A batch of {@code replies} commands was flushed. Waits (the publisher thread) while
     * {@link #MAX_BATCHES_IN_FLIGHT} batches are unanswered.
     */
    void expect(int replies) throws InterruptedException {
        batches.put(replies);
    }

    /** True once reading failed: the connection is unusable and must be replaced. */
    boolean failed() {
        return failed;
    }

    /**
     * Reads the replies still due, at most {@code wait}, then ends the thread (before a clean close); what is
     * not answered by then is lost when the connection closes.
     */
    void finish(Duration wait) {
        try {
            if (batches.offer(END, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.join(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandon();
    }

    /** The connection is being closed under this reader: what is still due is lost, without a warning. */
    void abandon() {
        closing = true;
        thread.interrupt();
    }

    // After a failure the thread stays until abandoned, counting every batch still handed to it as lost, so that
    // no batch goes uncounted whatever the publisher thread does meanwhile.
    private void run() {
        boolean broken = false;
        try {
            while (true) {
                int replies = batches.take();
                if (replies == END) {
                    return;
                }
                if (broken) {
                    outcome.lost(replies);
                    continue;
                }
                try {
                    read(replies);
                } catch (RuntimeException e) {
                    broken = true;
                    failed = true;
                    outcome.lost(unread);
                    unread = 0;
                    if (!closing) {
                        outcome.failed(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            lostTheRest(); // abandon(): the connection is being closed
        }
    }

    private void read(int replies) {
        unread = replies;
        int refused = 0;
        JedisDataException refusal = null;
        try {
            while (unread > 0) {
                try {
                    connection.getUnflushedObject();
                } catch (JedisDataException e) {
                    // A refused command (such as NOPERM) comes back as an error reply, not as a broken link.
                    refused++;
                    refusal = e;
                }
                unread--;
            }
        } finally {
            int read = replies - unread;
            if (read > 0) {
                outcome.replied(read - refused, refused, refusal);
            }
        }
    }

    private void lostTheRest() {
        int lost = 0;
        Integer batch;
        while ((batch = batches.poll()) != null) {
            if (batch != END) {
                lost += batch;
            }
        }
        if (lost > 0) {
            outcome.lost(lost);
        }
    }
}
