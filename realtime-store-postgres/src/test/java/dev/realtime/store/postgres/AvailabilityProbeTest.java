package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code isAvailable()} answers at once from the last probe and refreshes it in the background. */
class AvailabilityProbeTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blockProbes;

    @Test
    void aFreshStoreIsAvailableWithoutProbing() {
        try (AvailabilityProbe probe = probe()) {
            assertThat(probe.isAvailable()).isTrue();
            assertThat(probes).hasValue(0);
        }
    }

    @Test
    void anOldAnswerStartsOneBackgroundProbeAndTheNewAnswerFollows() {
        try (AvailabilityProbe probe = probe()) {
            databaseUp.set(false);
            nanos.addAndGet(2_000);

            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.isAvailable());
            assertThat(probes).hasValue(1);

            databaseUp.set(true);
            nanos.addAndGet(2_000);
            await().atMost(Duration.ofSeconds(10)).until(probe::isAvailable);
        }
    }

    @Test
    void aHangingProbeNeitherBlocksCallersNorStartsAnother() {
        try (AvailabilityProbe probe = probe()) {
            blockProbes = true;
            nanos.addAndGet(2_000);
            for (int i = 0; i < 100; i++) {
                assertThat(probe.isAvailable()).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() == 1);
            release.countDown();
        }
        assertThat(probes).hasValue(1);
    }

    @Test
    void aClosedProbeSaysUnavailable() {
        AvailabilityProbe probe = probe();
        probe.close();
        nanos.addAndGet(2_000);

        assertThat(probe.isAvailable()).isFalse();
    }

    private AvailabilityProbe probe() {
        return new AvailabilityProbe(dataSource(), 1, 1_000, nanos::get);
    }

    private DataSource dataSource() {
        Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isValid" -> databaseUp.get();
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    probes.incrementAndGet();
                    if (blockProbes) {
                        release.await();
                    }
                    if (!databaseUp.get()) {
                        throw new SQLException("connection refused", "08001");
                    }
                    return connection;
                });
    }
}
