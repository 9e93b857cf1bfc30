package dev.realtime.standalone.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The operations port's meters: {@code realtime.http.connections.open}, {@code .refused} (over the cap) and
 * {@code .timed.out} by phase. Removed again on {@link #close()}, so a restarted server reports its own.
 */
final class OpsMetrics implements AutoCloseable {
    /** Where a connection was when its deadline passed. */
    enum Phase {
        /** the request head did not arrive in time (also: a new connection that sent nothing) */
        HEAD,
        /** the body did not arrive in time */
        BODY,
        /** a keep-alive connection waited too long for its next request */
        IDLE,
        /** the client did not take its answer in time */
        WRITE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter refused;
    private final Map<Phase, Counter> timedOut = new EnumMap<>(Phase.class);

    OpsMetrics(MeterRegistry registry, IntSupplier open) {
        this.registry = registry;
        meters.add(Gauge.builder("realtime.http.connections.open", open::getAsInt)
                .description("connections open on the operations HTTP port").register(registry));
        refused = Counter.builder("realtime.http.connections.refused")
                .description("operations HTTP connections closed at once because the connection cap was reached")
                .register(registry);
        meters.add(refused);
        for (Phase phase : Phase.values()) {
            Counter counter = Counter.builder("realtime.http.connections.timed.out").tag("phase", phase.tag())
                    .description("operations HTTP connections closed because a deadline passed").register(registry);
            timedOut.put(phase, counter);
            meters.add(counter);
        }
    }

    void refused() {
        refused.increment();
    }

    void timedOut(Phase phase) {
        timedOut.get(phase).increment();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
