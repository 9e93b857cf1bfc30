package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link History} implementation must show. An implementation runs it by extending this class
 * and returning a history on the given clock from {@link #createHistory(Clock)}:
 *
 * <pre>{@code
 * class MyHistoryContractTest extends HistoryContract {
 *     protected History createHistory(Clock clock) { return new MyHistory(..., clock); }
 * }
 * }</pre>
 *
 * <p>Room names are unique per test, so a history backed by a shared server needs no cleaning between tests. The
 * clock is a {@link ManualClock}: the age bound is checked by moving it forward.
 */
public abstract class HistoryContract {
    private static final HistoryLimits ROOMY = new HistoryLimits(1000, Duration.ofHours(1));

    /** The clock the history under test measures ages on. */
    protected ManualClock clock;
    /** The history under test, fresh for every test. */
    protected History history;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** A history measuring message ages on {@code clock}. */
    protected abstract History createHistory(Clock clock);

    /** Cleanup hook, called after every test with the history {@link #createHistory(Clock)} returned. */
    protected void releaseHistory(History used) {
        used.close();
    }

    @BeforeEach
    void openHistory() {
        clock = new ManualClock();
        history = createHistory(clock);
    }

    @AfterEach
    void closeHistory() {
        if (history != null) {
            releaseHistory(history);
        }
    }

    /** A room name unique to this test. */
    protected String room(String name) {
        return name + "-" + suffix;
    }

    /** A message of the room at the clock's time, with every optional field set. */
    protected ChatMessage message(String room, String content) {
        JsonNode metadata = Json.object().put("k", "v").put("n", 7);
        return new ChatMessage(UUID.randomUUID(), room, 0, "alice", content, "thread-1", metadata, clock.now(),
                "client-" + content);
    }

    private List<Appended> appendAll(String room, int count, HistoryLimits limits) {
        List<Appended> appended = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            appended.add(history.append(message(room, "m" + i), limits));
        }
        return appended;
    }

    private static List<Long> offsets(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    void namesItself() {
        assertThat(history.name()).isNotBlank();
    }

    @Test
    void offsetsStartAtOneAndIncreaseByOnePerRoom() {
        String a = room("a");
        String b = room("b");
        List<Appended> inA = appendAll(a, 3, ROOMY);
        Appended inB = history.append(message(b, "b1"), ROOMY);

        assertThat(inA).extracting(x -> x.message().seq()).containsExactly(1L, 2L, 3L);
        assertThat(inB.message().seq()).isEqualTo(1);
        assertThat(inA).extracting(Appended::epoch).containsOnly(inA.get(0).epoch());
        assertThat(history.position(a)).isEqualTo(new HistoryPosition(3, inA.get(0).epoch()));
        assertThat(history.position(b).offset()).isEqualTo(1);
    }

    @Test
    void anUnknownRoomIsAtOffsetZeroWithAnEpochAndReadsEmpty() {
        String nowhere = room("nowhere");

        HistoryPosition position = history.position(nowhere);

        assertThat(position.offset()).isZero();
        assertThat(position.epoch()).isNotBlank();
        assertThat(history.read(nowhere, HistoryQuery.newest(10))).isEmpty();
    }

    @Test
    void theEpochStaysWhileTheHistoryIsIntact() {
        String r = room("steady");
        String before = history.position(r).epoch();
        Appended appended = history.append(message(r, "x"), ROOMY);

        assertThat(appended.epoch()).isEqualTo(before);
        assertThat(history.position(r).epoch()).isEqualTo(before);
    }

    @Test
    void aMessageReadsBackAsAppendedWithEveryField() {
        String r = room("fields");
        ChatMessage full = message(r, "hello");
        Appended appended = history.append(full, ROOMY);
        ChatMessage plain = new ChatMessage(UUID.randomUUID(), r, 0, "bob", "no extras", null, null, clock.now());
        Appended bare = history.append(plain, ROOMY);

        assertThat(appended.message()).isEqualTo(full.withSeq(1));
        assertThat(bare.message()).isEqualTo(plain.withSeq(2));
        assertThat(history.read(r, HistoryQuery.newest(10))).containsExactly(appended.message(), bare.message());
    }

    @Test
    void newestReturnsTheLastMessagesOldestFirst() {
        String r = room("newest");
        appendAll(r, 10, ROOMY);

        assertThat(offsets(history.read(r, HistoryQuery.newest(4)))).containsExactly(7L, 8L, 9L, 10L);
        assertThat(offsets(history.read(r, HistoryQuery.newest(50)))).isEqualTo(range(1, 10));
    }

    @Test
    void afterReturnsTheFollowingMessagesOldestFirst() {
        String r = room("after");
        appendAll(r, 10, ROOMY);

        assertThat(offsets(history.read(r, HistoryQuery.after(3, 4)))).containsExactly(4L, 5L, 6L, 7L);
        assertThat(offsets(history.read(r, HistoryQuery.after(0, 2)))).containsExactly(1L, 2L);
        assertThat(history.read(r, HistoryQuery.after(10, 5))).isEmpty();
    }

    @Test
    void beforeReturnsThePrecedingMessagesOldestFirst() {
        String r = room("before");
        appendAll(r, 10, ROOMY);

        assertThat(offsets(history.read(r, HistoryQuery.before(8, 3)))).containsExactly(5L, 6L, 7L);
        assertThat(offsets(history.read(r, HistoryQuery.before(3, 10)))).containsExactly(1L, 2L);
        assertThat(history.read(r, HistoryQuery.before(1, 10))).isEmpty();
    }

    @Test
    void afterAndBeforeTogetherReadTheRangeBetween() {
        String r = room("between");
        appendAll(r, 10, ROOMY);

        assertThat(offsets(history.read(r, new HistoryQuery(2L, 6L, 100)))).containsExactly(3L, 4L, 5L);
        assertThat(offsets(history.read(r, new HistoryQuery(2L, 9L, 2)))).containsExactly(3L, 4L);
    }

    @Test
    void theCountBoundKeepsOnlyTheNewestButOffsetsGoOn() {
        String r = room("capped");
        HistoryLimits five = new HistoryLimits(5, Duration.ofHours(1));
        appendAll(r, 8, five);

        assertThat(offsets(history.read(r, HistoryQuery.newest(100)))).isEqualTo(range(4, 8));
        assertThat(offsets(history.read(r, HistoryQuery.after(0, 100)))).isEqualTo(range(4, 8));
        assertThat(history.position(r).offset()).isEqualTo(8);
        assertThat(history.append(message(r, "next"), five).message().seq()).isEqualTo(9);
    }

    @Test
    void theAgeBoundDropsOldMessages() {
        String r = room("aged");
        HistoryLimits minute = new HistoryLimits(100, Duration.ofMinutes(1));
        appendAll(r, 2, minute);
        clock.advance(Duration.ofSeconds(45));
        history.append(message(r, "later"), minute);
        clock.advance(Duration.ofSeconds(30));

        assertThat(offsets(history.read(r, HistoryQuery.newest(100)))).containsExactly(3L);
        assertThat(history.position(r).offset()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(1));
        assertThat(history.read(r, HistoryQuery.after(0, 100))).isEmpty();
        assertThat(history.position(r).offset()).isEqualTo(3);
    }

    @Test
    void roomsAreBoundedSeparately() {
        String small = room("small");
        String other = room("other");
        HistoryLimits two = new HistoryLimits(2, Duration.ofHours(1));
        appendAll(small, 4, two);
        appendAll(other, 4, ROOMY);

        assertThat(offsets(history.read(small, HistoryQuery.newest(10)))).containsExactly(3L, 4L);
        assertThat(offsets(history.read(other, HistoryQuery.newest(10)))).isEqualTo(range(1, 4));
    }

    @Test
    void concurrentAppendsGetEveryOffsetOnce() throws Exception {
        String r = room("busy");
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(history.append(message(r, "c" + i), ROOMY).message().seq());
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(jobs)) {
                List<Long> mine = f.get();
                assertThat(mine).isSorted();
                all.addAll(mine);
            }
            Collections.sort(all);
            assertThat(all).isEqualTo(range(1, (long) threads * each));
            assertThat(offsets(history.read(r, HistoryQuery.after(0, 1000)))).isEqualTo(range(1, (long) threads * each));
        } finally {
            pool.shutdownNow();
        }
    }
}
