package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.recovery.AcceptedMessage;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RecoveryStore} must show. An implementation runs it by extending this class and
 * returning a store from {@link #createStore(Clock)}; a store that measures time to live on its own clock (such as a
 * server's) overrides {@link #letTimePass(Duration)} to wait for real.
 *
 * <p>Session ids, rooms and users are unique per test, so a store backed by a shared server needs no cleaning
 * between tests.
 */
public abstract class RecoveryStoreContract {
    private static final Duration WINDOW = Duration.ofMinutes(2);
    /** Short enough to wait for when the store's clock is real. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final int RACERS = 8;

    /** The clock a memory store measures time on; moved by {@link #letTimePass(Duration)}. */
    protected ManualClock clock;
    /** The store under test, fresh for every test. */
    protected RecoveryStore store;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** A store measuring times to live on {@code clock} (or on its own). */
    protected abstract RecoveryStore createStore(Clock clock);

    /** Cleanup hook, called after every test with the store {@link #createStore(Clock)} returned. */
    protected void releaseStore(RecoveryStore used) {
        used.close();
    }

    /** Makes {@code duration} pass for the store; moves the manual clock unless overridden. */
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void openStore() {
        clock = new ManualClock();
        store = createStore(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            releaseStore(store);
        }
    }

    /** A name unique to this test. */
    protected String unique(String name) {
        return name + "-" + suffix;
    }

    private ParkedSession session(String userId) {
        return new ParkedSession(unique(userId), Map.of(unique("general"), new HistoryPosition(41, "epoch-1"),
                unique("team:random"), new HistoryPosition(0, "epoch-2")),
                clock.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private SentMessageKey key(String clientMessageId) {
        return new SentMessageKey(unique("general"), unique("alice"), clientMessageId);
    }

    @Test
    void aParkedSessionIsTakenBackEqualAndOnlyOnce() {
        ParkedSession parked = session("alice");
        store.park(unique("pid-1"), parked, WINDOW);

        assertThat(store.take(unique("pid-1"))).isEqualTo(parked);
        assertThat(store.take(unique("pid-1"))).isNull();
        assertThat(store.take(unique("never-parked"))).isNull();
    }

    @Test
    void parkingAgainReplacesTheSession() {
        store.park(unique("pid-1"), session("alice"), WINDOW);
        ParkedSession later = new ParkedSession(unique("alice"), Map.of(), clock.now().truncatedTo(ChronoUnit.MILLIS));
        store.park(unique("pid-1"), later, WINDOW);

        assertThat(store.take(unique("pid-1"))).isEqualTo(later);
    }

    @Test
    void aParkedSessionExpiresAfterItsTimeToLive() {
        store.park(unique("pid-short"), session("alice"), SHORT);
        store.park(unique("pid-long"), session("bob"), WINDOW);

        letTimePass(SHORT.plusMillis(200));

        assertThat(store.take(unique("pid-short"))).isNull();
        assertThat(store.take(unique("pid-long"))).isNotNull();
    }

    @Test
    void oneOfManyConcurrentTakersGetsTheSession() throws Exception {
        store.park(unique("pid-race"), session("alice"), WINDOW);

        List<ParkedSession> taken = race(() -> store.take(unique("pid-race")));

        assertThat(taken.stream().filter(Objects::nonNull)).hasSize(1);
    }

    @Test
    void theFirstSendOfAnIdIsClaimedAndResendsGetItsAnswer() {
        AcceptedMessage answer = new AcceptedMessage("id-1", "2030-01-01T00:00:00Z", 7);

        assertThat(store.claim(key("c-1"), WINDOW)).isNull();
        store.accepted(key("c-1"), answer, WINDOW);

        assertThat(store.claim(key("c-1"), WINDOW)).isEqualTo(answer);
        assertThat(store.claim(key("c-1"), WINDOW)).isEqualTo(answer);
    }

    @Test
    void idsAreTheirOwnPerRoomAndUser() {
        store.claim(key("c-1"), WINDOW);
        store.accepted(key("c-1"), new AcceptedMessage("id-1", "2030-01-01T00:00:00Z", 7), WINDOW);

        assertThat(store.claim(new SentMessageKey(unique("other"), unique("alice"), "c-1"), WINDOW)).isNull();
        assertThat(store.claim(new SentMessageKey(unique("general"), unique("bob"), "c-1"), WINDOW)).isNull();
        assertThat(store.claim(key("c-2"), WINDOW)).isNull();
        // Separators inside names do not make two keys one.
        assertThat(store.claim(new SentMessageKey(unique("a:b"), "c", "x"), WINDOW)).isNull();
        assertThat(store.claim(new SentMessageKey(unique("a"), "b:c", "x"), WINDOW)).isNull();
    }

    @Test
    void aReleasedClaimMakesTheResendAFirstSend() {
        assertThat(store.claim(key("c-1"), WINDOW)).isNull();
        store.release(key("c-1"));

        assertThat(store.claim(key("c-1"), WINDOW)).isNull();
    }

    @Test
    void anAnswerIsForgottenAfterItsTimeToLive() {
        store.claim(key("c-1"), SHORT);
        store.accepted(key("c-1"), new AcceptedMessage("id-1", "2030-01-01T00:00:00Z", 7), SHORT);

        letTimePass(SHORT.plusMillis(200));

        assertThat(store.claim(key("c-1"), WINDOW)).isNull();
    }

    @Test
    void aResendWhileTheFirstIsUnansweredIsPending() {
        assertThat(store.claim(key("c-1"), WINDOW)).isNull();

        assertThat(store.claim(key("c-1"), WINDOW).isPending()).isTrue();
    }

    @Test
    void oneOfManyConcurrentFirstSendsIsClaimed() throws Exception {
        List<String> outcomes = race(() -> {
            AcceptedMessage earlier = store.claim(key("c-race"), WINDOW);
            return earlier == null ? "claimed" : earlier.isPending() ? "pending" : "answered";
        });

        assertThat(outcomes).containsOnlyOnce("claimed").doesNotContain("answered");
    }

    /** Runs {@code work} on several threads released at once; their results. */
    private <T> List<T> race(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
