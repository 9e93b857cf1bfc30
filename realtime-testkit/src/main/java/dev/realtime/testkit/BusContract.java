package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.spi.bus.Bus;
import dev.realtime.core.spi.bus.BusListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The guarantees every {@link Bus} implementation must keep, one {@code @Nested} class per capability.
 * An implementation runs the suite by extending this class and creating connected nodes in {@link #newNode()}:
 *
 * <pre>{@code
 * class MyBusContractTest extends BusContract {
 *     private final MyCluster cluster = new MyCluster();
 *     protected Bus newNode() { return cluster.newNode(); }
 * }
 * }</pre>
 *
 * <p>Nodes may deliver their own messages back to themselves (the engine ignores them), so assertions only look
 * at what other nodes published. Nodes are started by the suite and closed after every test. The suite
 * expects each node's buffer to hold at most about a million small messages, so that the overflow test can
 * fill it.
 */
public abstract class BusContract {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int OVERFLOW_ATTEMPTS = 2_000_000;

    private final List<Bus> nodes = new ArrayList<>();
    private final ExecutorService publishers = Executors.newCachedThreadPool(daemonThreads());

    /**
     * A new, not yet started node connected to the same cluster as every other node this instance created.
     * Called several times per test.
     */
    protected abstract Bus newNode();

    /** Called after every node of a test was closed: release shared resources or check for leftovers. */
    protected void afterNodesClosed() {
    }

    @AfterEach
    final void closeNodes() {
        publishers.shutdownNow();
        for (Bus node : nodes) {
            node.close();
        }
        nodes.clear();
        afterNodesClosed();
    }

    /** Creates, starts and registers a node; returns once the node reports a working link. */
    protected final Bus startNode(BusListener listener) {
        Bus node = newNode();
        nodes.add(node);
        node.start(listener);
        awaitDelivery().until(node::isConnected);
        return node;
    }

    /** An awaitility condition with the suite's generous delivery timeout. */
    protected static ConditionFactory awaitDelivery() {
        return await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(10));
    }

    /** Publishes {@code text} again until the node accepts it (its buffer may still be full). */
    protected static void publishUntilAccepted(Bus sender, String text) {
        awaitDelivery().until(() -> sender.publish(utf8(text)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "bus-contract-publisher");
            thread.setDaemon(true);
            return thread;
        };
    }

    @Nested
    class Delivery {
        @Test
        void everyOtherNodeReceivesEachMessageExactlyOnce() {
            List<BusRecorder> recorders = List.of(new BusRecorder(), new BusRecorder(), new BusRecorder());
            List<Bus> cluster = recorders.stream().map(BusContract.this::startNode).toList();

            for (int i = 0; i < cluster.size(); i++) {
                assertThat(cluster.get(i).publish(utf8("hello from " + i))).as("publish accepted").isTrue();
            }

            for (int receiver = 0; receiver < cluster.size(); receiver++) {
                BusRecorder recorder = recorders.get(receiver);
                for (int sender = 0; sender < cluster.size(); sender++) {
                    if (sender != receiver) {
                        byte[] expected = utf8("hello from " + sender);
                        awaitDelivery().until(() -> recorder.received(expected));
                        assertThat(recorder.countOf(expected)).as("copies at node %d", receiver).isEqualTo(1);
                    }
                }
            }
        }

        @Test
        void hasAShortName() {
            Bus node = startNode(new BusRecorder());
            assertThat(node.name()).isNotBlank().hasSizeLessThanOrEqualTo(32);
        }
    }

    @Nested
    class Startup {
        @Test
        void aNodeHearsTheAnswersToWhatItPublishesRightAfterStarting() {
            // The engine greets the cluster the moment its bus starts and relies on hearing the replies.
            AtomicReference<Bus> veteran = new AtomicReference<>();
            veteran.set(startNode(new BusRecorder(message -> {
                if (new String(message, StandardCharsets.UTF_8).equals("hello")) {
                    veteran.get().publish(utf8("welcome"));
                }
            })));
            BusRecorder newcomer = new BusRecorder();
            Bus node = newNode();
            nodes.add(node);

            node.start(newcomer);
            assertThat(node.publish(utf8("hello"))).as("publish right after start accepted").isTrue();

            awaitDelivery().until(() -> newcomer.received("welcome"));
        }
    }

    @Nested
    class Ordering {
        private static final int MESSAGES_PER_PUBLISHER = 2_000;

        @Test
        void messagesOfOnePublisherArriveInPublishOrder() throws Exception {
            BusRecorder receiver = new BusRecorder();
            startNode(receiver);
            List<Bus> senders = List.of(startNode(new BusRecorder()), startNode(new BusRecorder()));

            // Both publish at once, so their messages interleave; only each one's own order is guaranteed.
            List<CompletableFuture<List<Integer>>> accepted = new ArrayList<>();
            for (int p = 0; p < senders.size(); p++) {
                Bus sender = senders.get(p);
                String tag = "p" + p + ":";
                accepted.add(CompletableFuture.supplyAsync(() -> publishSequence(sender, tag), publishers));
            }

            for (int p = 0; p < senders.size(); p++) {
                List<Integer> expected = accepted.get(p).get(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(expected).as("accepted by publisher %d", p).isNotEmpty();
                String tag = "p" + p + ":";
                awaitDelivery().until(() -> sequenceOf(receiver, tag).size() >= expected.size());
                assertThat(sequenceOf(receiver, tag)).as("arrival order of publisher %d", p).isEqualTo(expected);
            }
        }

        private List<Integer> publishSequence(Bus sender, String tag) {
            List<Integer> accepted = new ArrayList<>();
            for (int seq = 0; seq < MESSAGES_PER_PUBLISHER; seq++) {
                if (sender.publish(utf8(tag + seq))) {
                    accepted.add(seq);
                }
            }
            return accepted;
        }

        private List<Integer> sequenceOf(BusRecorder recorder, String tag) {
            return recorder.texts().stream()
                    .filter(text -> text.startsWith(tag))
                    .map(text -> Integer.parseInt(text.substring(tag.length())))
                    .toList();
        }
    }

    @Nested
    class BinaryPayloads {
        @Test
        void everyByteValueSurvives() {
            byte[] allValues = new byte[512];
            for (int i = 0; i < allValues.length; i++) {
                allValues[i] = (byte) (i < 256 ? i : 511 - i);
            }
            assertDeliveredIntact(allValues);
        }

        @Test
        void aOneMegabyteMessageSurvives() {
            byte[] large = new byte[1024 * 1024];
            new Random(42).nextBytes(large);
            assertDeliveredIntact(large);
        }

        @Test
        void anEmptyMessageSurvives() {
            assertDeliveredIntact(new byte[0]);
        }

        private void assertDeliveredIntact(byte[] payload) {
            byte[] copy = payload.clone();
            BusRecorder receiver = new BusRecorder();
            startNode(receiver);
            Bus sender = startNode(new BusRecorder());

            assertThat(sender.publish(payload)).isTrue();

            awaitDelivery().until(() -> receiver.count() >= 1);
            assertThat(receiver.messages()).hasSize(1);
            assertThat(receiver.messages().get(0)).isEqualTo(copy);
        }
    }

    @Nested
    class Closing {
        @Test
        void aClosedNodeReceivesNothingMore() {
            BusRecorder closing = new BusRecorder();
            BusRecorder witness = new BusRecorder();
            Bus closingNode = startNode(closing);
            startNode(witness);
            Bus sender = startNode(new BusRecorder());

            // Messages still in flight while the node closes must not reach it after close() returned.
            for (int i = 0; i < 500; i++) {
                sender.publish(utf8("before " + i));
            }
            closingNode.close();
            int receivedBeforeClose = closing.count();

            for (int i = 0; i < 500; i++) {
                sender.publish(utf8("after " + i));
            }
            publishUntilAccepted(sender, "marker");
            awaitDelivery().until(() -> witness.received("marker"));

            assertThat(closing.count()).isEqualTo(receivedBeforeClose);
            assertThat(closing.texts()).noneMatch(text -> text.startsWith("after"));
        }

        @Test
        void publishingAfterCloseReturnsFalseWithoutThrowing() {
            Bus node = startNode(new BusRecorder());
            node.close();

            assertThatCode(() -> assertThat(node.publish(utf8("late"))).isFalse()).doesNotThrowAnyException();
            assertThat(node.isConnected()).isFalse();
        }

        @Test
        void closingTwiceIsHarmless() {
            Bus node = startNode(new BusRecorder());

            assertThatCode(() -> {
                node.close();
                node.close();
            }).doesNotThrowAnyException();
        }

        @Test
        void aNodeThatWasNeverStartedClosesQuietly() {
            Bus node = newNode();

            assertThatCode(node::close).doesNotThrowAnyException();
            assertThat(node.publish(utf8("late"))).isFalse();
        }
    }

    @Nested
    class Backpressure {
        @Test
        void publishNeverBlocksWhileAReceiverIsStuck() {
            CountDownLatch release = new CountDownLatch(1);
            BusRecorder stuck = new BusRecorder(message -> awaitQuietly(release));
            BusRecorder healthy = new BusRecorder();
            startNode(stuck);
            startNode(healthy);
            Bus sender = startNode(new BusRecorder());

            byte[] filler = new byte[256];
            CompletableFuture<Integer> burst = CompletableFuture.supplyAsync(() -> {
                int accepted = 0;
                for (int i = 0; i < 20_000; i++) {
                    accepted += sender.publish(filler) ? 1 : 0;
                }
                return accepted;
            }, publishers);

            try {
                awaitDelivery().until(burst::isDone);
                // A stuck node must not hold back the others.
                publishUntilAccepted(sender, "marker");
                awaitDelivery().until(() -> healthy.received("marker"));
            } finally {
                release.countDown();
            }
            awaitDelivery().until(() -> stuck.received("marker"));
        }

        @Test
        void publishReturnsFalseOnceTheBufferIsFull() {
            CountDownLatch release = new CountDownLatch(1);
            startNode(new BusRecorder(message -> awaitQuietly(release)));
            Bus sender = startNode(new BusRecorder());

            byte[] small = new byte[64];
            CompletableFuture<Boolean> overflowed = CompletableFuture.supplyAsync(() -> {
                for (int i = 0; i < OVERFLOW_ATTEMPTS; i++) {
                    if (!sender.publish(small)) {
                        return true;
                    }
                }
                return false;
            }, publishers);

            try {
                awaitDelivery().until(overflowed::isDone);
                assertThat(overflowed.join()).as("a publish was refused once the buffer was full").isTrue();
            } finally {
                release.countDown();
            }
        }

        private void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Nested
    class FailingListener {
        @Test
        void aListenerThatThrowsDoesNotStopDelivery() {
            AtomicInteger failures = new AtomicInteger();
            BusRecorder throwing = new BusRecorder(message -> {
                if (new String(message, StandardCharsets.UTF_8).startsWith("boom")) {
                    failures.incrementAndGet();
                    throw new IllegalStateException("listener failure (expected by the test)");
                }
            });
            startNode(throwing);
            Bus sender = startNode(new BusRecorder());

            for (String text : List.of("boom 1", "ok 1", "boom 2", "ok 2")) {
                assertThat(sender.publish(utf8(text))).isTrue();
            }

            awaitDelivery().until(() -> throwing.received("ok 2"));
            assertThat(throwing.texts()).containsSubsequence("boom 1", "ok 1", "boom 2", "ok 2");
            assertThat(failures).hasValue(2);
        }
    }
}
