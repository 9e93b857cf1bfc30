package dev.realtime.core.internal.metrics;

import dev.realtime.core.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine's meters, registered once so hot paths only increment pre-built counters. Names use Micrometer's
 * dotted convention ({@code realtime.deliveries} becomes {@code realtime_deliveries_total} in Prometheus).
 */
public final class RealtimeMetrics {
    private final MeterRegistry registry;
    private final Counter openedAuthenticated;
    private final Counter openedAnonymous;
    private final Counter messagesReceived;
    private final Counter deliveries;
    private final Counter eventsReceived;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> drops = new ConcurrentHashMap<>();
    private final Map<String, Counter> clusterSkips = new ConcurrentHashMap<>();
    private final Map<String, Timer> handling = new ConcurrentHashMap<>();

    public RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        openedAuthenticated = Counter.builder("realtime.connections.opened").tag("auth", "authenticated")
                .description("Connections opened").register(registry);
        openedAnonymous = Counter.builder("realtime.connections.opened").tag("auth", "anonymous")
                .description("Connections opened").register(registry);
        messagesReceived = Counter.builder("realtime.messages.received")
                .description("Messages accepted from clients and server code").register(registry);
        deliveries = Counter.builder("realtime.deliveries")
                .description("Events handed to local connections").register(registry);
        eventsReceived = Counter.builder("realtime.events.received")
                .description("Client events received").register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("realtime.errors").tag("code", code.name())
                    .description("Refusals sent to clients, by code").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers a gauge read from {@code value} (for current connections, rooms, queue depths). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void connectionOpened(boolean anonymous) {
        (anonymous ? openedAnonymous : openedAuthenticated).increment();
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void delivered(int recipients) {
        deliveries.increment(recipients);
    }

    public void eventReceived() {
        eventsReceived.increment();
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    /** Counts something dropped because a bound was reached; {@code reason} is a small fixed vocabulary. */
    public void dropped(String reason, long count) {
        drops.computeIfAbsent(reason, r -> Counter.builder("realtime.drops").tag("reason", r)
                .description("Items dropped at a bound, by reason").register(registry)).increment(count);
    }

    /**
     * Counts a message from another node that this node did not apply; {@code reason} is {@code unknown_kind},
     * {@code newer_version} or {@code malformed}.
     */
    public void clusterMessageSkipped(String reason) {
        clusterSkips.computeIfAbsent(reason, r -> Counter.builder("realtime.cluster.skipped").tag("reason", r)
                .description("Cluster messages from other nodes skipped, by reason").register(registry)).increment();
    }

    /** Records how long handling one client event took; {@code event} must come from a fixed set. */
    public void handled(String event, long nanos) {
        handling.computeIfAbsent(event, e -> Timer.builder("realtime.event.handling").tag("event", e)
                .description("Time to handle one client event").register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
