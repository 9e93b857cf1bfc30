package dev.realtime.bench.scenario;

import dev.realtime.bench.load.ConnectionSpec;
import dev.realtime.bench.load.LoadGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario (a): idle authenticated connections ramped up in steps; at each step the server's RSS
 * and live heap per connection and its CPU while nothing happens.
 */
public final class IdleScenario {
    private final BenchTarget target;
    private final Records records;

    public IdleScenario(BenchTarget target, Records records) {
        this.target = target;
        this.records = records;
    }

    /** @param steps connection counts to reach, ascending */
    public void run(List<Integer> steps) throws InterruptedException {
        Duration idle = Duration.ofSeconds(target.quick() ? 3 : 15);
        // Both servers finish the ramp's tail (last handshakes, JIT, GC) after the last client is in:
        // that work is not idle, so the window starts only after it.
        Duration settle = Duration.ofSeconds(target.quick() ? 2 : 10);
        long rss0 = target.cpu().rssKb();
        long heap0 = target.heap().read();
        Map<String, Object> base = Records.record(target, "idle");
        base.put("members", 0);
        base.put("rss_kb", rss0);
        base.put("idle_rss_mb", Records.round(rss0 / 1024.0, 1));
        if (heap0 >= 0) {
            base.put("heap_kb", heap0 / 1024);
        }
        base.put("idle_cpu_pct", Records.round(cpuPercent(idle), 2));
        records.write(base);
        try (LoadGenerator gen = new LoadGenerator(target.wire(), target.threads(), 1, 200)) {
            int connected = 0;
            for (int n : steps) {
                List<ConnectionSpec> specs = target.clients(n - connected, 0, null, 0, "idle" + connected + "-", 1);
                long t0 = System.nanoTime();
                boolean ok = gen.connect(specs, Duration.ofMinutes(5));
                long rampMs = (System.nanoTime() - t0) / 1_000_000;
                connected = gen.progress().joined();
                Thread.sleep(settle.toMillis()); // let the server settle after the ramp before sampling
                long heap = target.heap().read();
                long rss = target.cpu().rssKb();
                Map<String, Object> r = Records.record(target, "idle");
                r.put("members", connected);
                r.put("rss_kb", rss);
                r.put("rss_kb_per_conn", Records.round((rss - rss0) / (double) Math.max(1, connected), 2));
                if (heap >= 0 && heap0 >= 0) {
                    r.put("heap_kb", heap / 1024);
                    r.put("heap_kb_per_conn", Records.round((heap - heap0) / 1024.0 / Math.max(1, connected), 2));
                }
                r.put("idle_cpu_pct", Records.round(cpuPercent(idle), 2));
                r.put("ramp_ms", rampMs);
                r.put("failed", gen.progress().failed());
                r.put("dropped_connections", gen.progress().dropped());
                if (!ok) {
                    r.put("error", "ramp incomplete: " + gen.progress().failureSamples());
                }
                records.write(r);
                if (!ok) {
                    break;
                }
            }
            gen.closeAll();
        }
    }

    private double cpuPercent(Duration window) throws InterruptedException {
        long c0 = target.cpu().cpuMicros();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis()); // the measurement window itself
        long c1 = target.cpu().cpuMicros();
        return (c1 - c0) * 100.0 / ((System.nanoTime() - t0) / 1_000.0);
    }
}
