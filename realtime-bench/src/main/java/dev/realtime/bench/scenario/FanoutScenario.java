package dev.realtime.bench.scenario;

import dev.realtime.bench.load.LoadGenerator;
import java.time.Duration;
import java.util.Map;

/**
 * Scenario (b): one room of {@code members} subscribers; the publish rate rises by a factor per
 * step. A step is clean when p99 stays within the limit and nothing is lost or refused. Stepping
 * goes on past the first slow step while nothing is lost (so a slow but lossless server still shows
 * its capacity), and stops at the first loss, refusal or p99 beyond {@link #COLLAPSE_MS}. Reports
 * every step, the highest clean rate and the highest lossless rate.
 */
public final class FanoutScenario {
    /** A p99 this high means queues are growing without bound: stepping further says nothing new. */
    static final double COLLAPSE_MS = 5_000;
    private final BenchTarget target;
    private final Records records;

    public FanoutScenario(BenchTarget target, Records records) {
        this.target = target;
        this.records = records;
    }

    /**
     * @param members              room size
     * @param startDeliveriesPerS  offered deliveries per second of the first step
     * @param factor               rate multiplier between steps
     * @param maxSteps             upper bound of steps
     * @param p99LimitMs           a step is clean while p99 stays at or below this
     */
    public void run(int members, double startDeliveriesPerS, double factor, int maxSteps, double p99LimitMs)
            throws InterruptedException {
        Duration step = Duration.ofSeconds(target.quick() ? 2 : 5);
        Duration drain = Duration.ofSeconds(3);
        String room = "bench-" + members;
        int publishers = Math.min(members, 10);
        try (Session session = Session.open(target, 1, target.clients(members, 0, room, 0, "fan" + members + "-",
                Math.max(1, members / 100)))) {
            if (!session.ready()) {
                records.write(session.failureRecord(target, "fanout", members));
                return;
            }
            LoadGenerator gen = session.generator();
            // One unrecorded step at the starting rate first, the same for every server: a fresh process
            // compiles its hot path during its first seconds of traffic, and that is not its steady state.
            RateStep.run(gen, target, 1, members, publishers, 0, startDeliveriesPerS / members, step, drain);
            Map<String, Object> best = null;
            Map<String, Object> lossless = null;
            boolean cleanSoFar = true;
            double rate = startDeliveriesPerS / members;
            for (int i = 0; i < maxSteps; i++) {
                RateStep.Result result = RateStep.run(gen, target, 1, members, publishers, 0, rate, step, drain);
                Map<String, Object> r = Records.record(target, "fanout");
                r.put("members", members);
                r.put("rate", Records.round(rate, 2));
                r.put("offered_deliveries_per_s", Records.round(rate * members, 0));
                result.into(r);
                double p99 = (double) r.get("p99_ms");
                boolean noLoss = result.lost() == 0 && (long) r.get("send_errors") == 0 && result.dropped() == 0;
                boolean clean = noLoss && p99 <= p99LimitMs;
                r.put("clean", clean);
                records.write(r);
                if (!noLoss || p99 > COLLAPSE_MS) {
                    break;
                }
                lossless = r;
                cleanSoFar &= clean;
                if (cleanSoFar) {
                    best = r;
                }
                rate *= factor;
            }
            records.write(summary("fanout-lossless", members, lossless, p99LimitMs));
            records.write(summary("fanout-max", members, best, p99LimitMs));
        }
    }

    private Map<String, Object> summary(String scenario, int members, Map<String, Object> step, double p99LimitMs) {
        Map<String, Object> summary = Records.record(target, scenario);
        summary.put("members", members);
        if (step == null) {
            summary.put("rate", 0);
            summary.put("note", "no qualifying step");
        } else {
            for (String k : new String[] {"rate", "deliveries_per_s", "p50_ms", "p99_ms", "lost",
                "cpu_us_per_delivery", "server_cpu_pct", "generator_cpu_pct", "send_lag_p99_ms"}) {
                summary.put(k, step.get(k));
            }
        }
        summary.put("p99_limit_ms", p99LimitMs);
        return summary;
    }
}
