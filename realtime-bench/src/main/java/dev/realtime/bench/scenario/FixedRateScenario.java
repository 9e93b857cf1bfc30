package dev.realtime.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenarios (c) and (e): latency at fixed delivery rates into one room, after a warm-up at the
 * same rate. With an event-log row counter it also reports rows written per second.
 */
public final class FixedRateScenario {
    private final BenchTarget target;
    private final Records records;

    public FixedRateScenario(BenchTarget target, Records records) {
        this.target = target;
        this.records = records;
    }

    /**
     * @param scenario          record label ("fixed" or "fixed-eventlog")
     * @param members           room size
     * @param deliveriesPerS    the delivery rates to measure
     */
    public void run(String scenario, int members, List<Double> deliveriesPerS) throws InterruptedException {
        Duration warmup = Duration.ofSeconds(target.quick() ? 1 : 5);
        Duration measure = Duration.ofSeconds(target.quick() ? 3 : 15);
        Duration drain = Duration.ofSeconds(3);
        String room = "bench-fixed";
        int publishers = Math.min(members, 10);
        try (Session session = Session.open(target, 1, target.clients(members, 0, room, 0, "fix-", 1))) {
            if (!session.ready()) {
                records.write(session.failureRecord(target, scenario, members));
                return;
            }
            for (double deliveries : deliveriesPerS) {
                double rate = deliveries / members;
                RateStep.run(session.generator(), target, 1, members, publishers, 0, rate, warmup, drain);
                long rows0 = target.rows().read();
                long t0 = System.nanoTime();
                RateStep.Result result = RateStep.run(session.generator(), target, 1, members, publishers, 0, rate,
                        measure, drain);
                long rows1 = target.rows().read();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> r = Records.record(target, scenario);
                r.put("members", members);
                r.put("rate", Records.round(rate, 2));
                r.put("offered_deliveries_per_s", Records.round(deliveries, 0));
                result.into(r);
                if (target.rows().enabled() && rows0 >= 0 && rows1 >= 0) {
                    r.put("log_rows_per_s", Records.round((rows1 - rows0) / elapsed, 0));
                }
                records.write(r);
            }
        }
    }
}
