package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class PublishRepliesTest {
    private final ScriptedConnection connection = new ScriptedConnection();
    private final Tally tally = new Tally();
    private final PublishReplies replies = new PublishReplies(connection, tally);

    @Test
    void repliesAreCountedPerBatchAndErrorRepliesAsRefused() throws InterruptedException {
        replies.expect(2);
        replies.expect(1);
        connection.answer(1L);
        connection.answer(new JedisDataException("NOPERM no permission"));
        connection.answer(0L);

        await().untilAsserted(() -> assertThat(tally.published.get() + tally.refused.get()).isEqualTo(3));
        assertThat(tally.published).hasValue(2);
        assertThat(tally.refused).hasValue(1);
        assertThat(tally.refusals).singleElement().asString().contains("NOPERM");
        assertThat(replies.failed()).isFalse();
    }

    @Test
    void aBrokenConnectionLosesTheRestOfTheBatchAndEveryLaterOneAndIsReportedOnce() throws InterruptedException {
        replies.expect(3);
        replies.expect(2);
        connection.answer(1L);
        connection.answer(new JedisConnectionException("connection reset"));

        await().until(replies::failed);
        replies.expect(4); // handed over before the publisher thread noticed: still counted
        await().untilAsserted(() -> assertThat(tally.lost).hasValue(2 + 2 + 4));
        assertThat(tally.published).hasValue(1);
        assertThat(tally.failures).singleElement().asString().contains("connection reset");
    }

    @Test
    void abandoningLosesWhatIsDueWithoutReportingAFailure() throws InterruptedException {
        replies.expect(1);
        replies.expect(5);
        replies.expect(2);
        connection.answer(1L);
        await().untilAsserted(() -> assertThat(tally.published).hasValue(1));

        replies.abandon();
        connection.answer(new JedisConnectionException("socket closed")); // what closing the socket does

        await().untilAsserted(() -> assertThat(tally.lost).hasValue(5 + 2));
        assertThat(tally.failures).isEmpty();
    }

    @Test
    void finishingReadsWhatIsStillDueFirst() throws InterruptedException {
        replies.expect(2);
        connection.answer(1L);
        connection.answer(1L);

        replies.finish(Duration.ofSeconds(10));

        assertThat(tally.published).hasValue(2);
        assertThat(tally.lost).hasValue(0);
    }

    /**
     * Replies given by the test, one per read, in order; a read waits for the next one and, like a socket read,
     * is not ended by an interrupt (which stays pending).
     */
    private static final class ScriptedConnection extends Connection {
        private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();

        void answer(Object reply) {
            script.add(reply);
        }

        @Override
        public Object getUnflushedObject() {
            Object reply = null;
            boolean interrupted = false;
            while (reply == null) {
                try {
                    reply = script.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (reply instanceof RuntimeException e) {
                throw e;
            }
            return reply;
        }
    }

    private static final class Tally implements PublishReplies.Outcome {
        final AtomicInteger published = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void replied(int publishedCount, int refusedCount, JedisDataException refusal) {
            published.addAndGet(publishedCount);
            refused.addAndGet(refusedCount);
            if (refusal != null) {
                refusals.add(refusal.getMessage());
            }
        }

        @Override
        public void lost(int messages) {
            lost.addAndGet(messages);
        }

        @Override
        public void failed(RuntimeException cause) {
            failures.add(cause.getMessage());
        }
    }
}
