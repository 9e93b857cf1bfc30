package dev.realtime.bench.scenario;

import dev.realtime.bench.load.ConnectionSpec;
import dev.realtime.bench.load.LoadGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A generator with its clients connected and joined; closing it closes every connection. */
final class Session implements AutoCloseable {
    private final LoadGenerator generator;
    private final boolean ready;
    private final long setupMillis;

    private Session(LoadGenerator generator, boolean ready, long setupMillis) {
        this.generator = generator;
        this.ready = ready;
        this.setupMillis = setupMillis;
    }

    static Session open(BenchTarget target, int groups, List<ConnectionSpec> specs) throws InterruptedException {
        LoadGenerator gen = new LoadGenerator(target.wire(), target.threads(), groups, 200);
        long t0 = System.nanoTime();
        boolean ok = gen.connect(specs, Duration.ofMinutes(3));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf("connected %d/%d in %d ms (retried %d, failed %d %s)%n", gen.progress().joined(),
                specs.size(), ms, gen.progress().retried(), gen.progress().failed(), gen.progress().failureSamples());
        if (ok) {
            Thread.sleep(1000); // let join announcements drain before measuring
        }
        return new Session(gen, ok, ms);
    }

    LoadGenerator generator() {
        return generator;
    }

    boolean ready() {
        return ready;
    }

    long setupMillis() {
        return setupMillis;
    }

    /** A record saying the clients could not be set up, and why. */
    Map<String, Object> failureRecord(BenchTarget target, String scenario, int members) {
        Map<String, Object> r = Records.record(target, scenario);
        r.put("members", members);
        r.put("error", "setup failed after " + setupMillis / 1000 + " s: joined " + generator.progress().joined()
                + ", failed " + generator.progress().failed() + " (after " + LoadGenerator.MAX_ATTEMPTS + " attempts), retried "
                + generator.progress().retried() + "; first reasons " + generator.progress().failureSamples());
        return r;
    }

    @Override
    public void close() {
        generator.closeAll();
        generator.close();
    }
}
