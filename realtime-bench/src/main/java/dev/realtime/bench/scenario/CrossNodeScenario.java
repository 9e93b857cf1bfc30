package dev.realtime.bench.scenario;

import dev.realtime.bench.load.ConnectionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario (d): a room split over node A and node B, every publisher on A. Latency of A's
 * subscribers (local fan-out) and B's (one hop through the bus) is reported separately; the
 * difference is what the hop adds.
 */
public final class CrossNodeScenario {
    private static final int LOCAL = 0;
    private static final int REMOTE = 1;
    private final BenchTarget target;
    private final Records records;

    public CrossNodeScenario(BenchTarget target, Records records) {
        this.target = target;
        this.records = records;
    }

    /**
     * @param members       room size, half on each node
     * @param publishRates  publishes per second to measure
     */
    public void run(int members, List<Double> publishRates) throws InterruptedException {
        run("crossnode", members, publishRates);
    }

    /**
     * @param label         record label, such as "crossnode" or "history-redis"
     * @param members       room size, half on each node
     * @param publishRates  publishes per second to measure
     */
    public void run(String label, int members, List<Double> publishRates) throws InterruptedException {
        if (target.nodes().size() < 2) {
            throw new IllegalArgumentException("crossnode needs two --ports");
        }
        Duration warmup = Duration.ofSeconds(target.quick() ? 1 : 5);
        Duration measure = Duration.ofSeconds(target.quick() ? 3 : 15);
        Duration drain = Duration.ofSeconds(3);
        String room = "bench-cross";
        int onA = members - members / 2;
        List<ConnectionSpec> specs = new ArrayList<>(target.clients(onA, 0, room, LOCAL, "xa-", 1));
        specs.addAll(target.clients(members / 2, 1, room, REMOTE, "xb-", 1));
        int publishers = Math.min(onA, 10);
        try (Session session = Session.open(target, 2, specs)) {
            if (!session.ready()) {
                records.write(session.failureRecord(target, label, members));
                return;
            }
            for (double rate : publishRates) {
                RateStep.run(session.generator(), target, 2, members, publishers, LOCAL, rate, warmup, drain);
                RateStep.Result result = RateStep.run(session.generator(), target, 2, members, publishers, LOCAL,
                        rate, measure, drain);
                Map<String, Object> r = Records.record(target, label);
                r.put("members", members);
                r.put("rate", Records.round(rate, 2));
                result.into(r);
                Records.latency(r, "node_a_", result.stats().latency(LOCAL));
                Records.latency(r, "node_b_", result.stats().latency(REMOTE));
                r.put("node_a_received", result.stats().received(LOCAL));
                r.put("node_b_received", result.stats().received(REMOTE));
                if (result.stats().received(LOCAL) > 0 && result.stats().received(REMOTE) > 0) {
                    r.put("hop_p50_ms", Records.round((double) r.get("node_b_p50_ms") - (double) r.get("node_a_p50_ms"), 3));
                    r.put("hop_p99_ms", Records.round((double) r.get("node_b_p99_ms") - (double) r.get("node_a_p99_ms"), 3));
                }
                records.write(r);
            }
        }
    }
}
