package dev.realtime.bench.scenario;

import dev.realtime.bench.load.LoadGenerator;
import dev.realtime.bench.load.StepStats;
import java.time.Duration;
import java.util.Map;

/**
 * One open-loop step at a fixed publish rate: publish for a while, drain, and collect latency,
 * losses and CPU cost.
 */
final class RateStep {
    /** What one step measured. */
    record Result(StepStats stats, double seconds, double probedSeconds, long expected, long lost,
                  long serverCpuMicros, long generatorCpuMicros, int dropped) {

        double deliveriesPerSecond() {
            return stats.receivedAll() / seconds;
        }

        double cpuMicrosPerDelivery() {
            return stats.receivedAll() == 0 ? -1 : (double) serverCpuMicros / stats.receivedAll();
        }

        /** CPU over the whole probed interval (sending window plus drain), as a share of one core. */
        double serverCpuPercent() {
            return serverCpuMicros / (probedSeconds * 10_000.0);
        }

        double generatorCpuPercent() {
            return generatorCpuMicros / (probedSeconds * 10_000.0);
        }

        void into(Map<String, Object> r) {
            r.put("deliveries_per_s", Records.round(deliveriesPerSecond(), 0));
            Records.latency(r, "", stats.latencyAll());
            r.put("sent", stats.sent());
            r.put("expected", expected);
            r.put("received", stats.receivedAll());
            r.put("lost", lost);
            r.put("send_errors", stats.acksFailed() + stats.errorEvents());
            r.put("dropped_connections", dropped);
            r.put("cpu_us_per_delivery", Records.round(cpuMicrosPerDelivery(), 3));
            r.put("server_cpu_pct", Records.round(serverCpuPercent(), 1));
            r.put("generator_cpu_pct", Records.round(generatorCpuPercent(), 1));
            r.put("send_lag_p99_ms", Records.ms(stats.sendLag().getValueAtPercentile(99)));
        }
    }

    private RateStep() {
    }

    /**
     * Runs one step.
     *
     * @param members    subscribers of the room (each message is expected this many times)
     * @param publishers publisher connections (taken from {@code group})
     */
    static Result run(LoadGenerator gen, BenchTarget target, int groups, int members, int publishers, int group,
                      double rate, Duration duration, Duration drain) throws InterruptedException {
        long start = LoadGenerator.now() + 20_000_000L;
        long end = start + duration.toNanos();
        gen.beginStep(start);
        int droppedBefore = gen.progress().dropped();
        long wall0 = System.nanoTime();
        long cpu0 = target.cpu().cpuMicros();
        long self0 = target.cpu().forSelf().cpuMicros();
        gen.publish(publishers, group, rate, start, end, target.contentBytes());
        gen.awaitPublishersDone(duration.plusSeconds(5));
        long expected = gen.sent() * members;
        gen.awaitDeliveries(expected, drain);
        long cpu1 = target.cpu().cpuMicros();
        long self1 = target.cpu().forSelf().cpuMicros();
        double probed = (System.nanoTime() - wall0) / 1e9;
        StepStats stats = gen.takeStats(groups);
        long lost = Math.max(0, expected - stats.receivedAll());
        return new Result(stats, duration.toNanos() / 1e9, probed, expected, lost, cpu1 - cpu0, self1 - self0,
                gen.progress().dropped() - droppedBefore);
    }
}
