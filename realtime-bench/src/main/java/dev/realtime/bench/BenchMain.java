package dev.realtime.bench;

import dev.realtime.bench.attack.UnauthenticatedFlood;
import dev.realtime.bench.load.Hs256Tokens;
import dev.realtime.bench.probe.ProcessProbe;
import dev.realtime.bench.probe.ShellProbe;
import dev.realtime.bench.scenario.BenchTarget;
import dev.realtime.bench.scenario.CrossNodeScenario;
import dev.realtime.bench.scenario.FanoutScenario;
import dev.realtime.bench.scenario.FixedRateScenario;
import dev.realtime.bench.scenario.IdleScenario;
import dev.realtime.bench.scenario.RecoveryScenario;
import dev.realtime.bench.scenario.Records;
import dev.realtime.bench.wire.WireProtocol;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line of the load generator.
 *
 * <pre>
 * java -cp realtime-bench.jar dev.realtime.bench.BenchMain SCENARIO --server NAME --protocol socketio|ws
 *      --ports 3201[,3202] --pids 1234[,5678] --secret S --out results.jsonl [options]
 * SCENARIO: idle | fanout | fixed | crossnode | recovery
 * java -jar realtime-bench.jar flood --port 3101 --http-port 3102 --connections 50 --seconds 60 [--heap-cmd CMD]
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Connections without credentials that never read, against a running server (see UnauthenticatedFlood). */
    private static void flood(Args args) throws Exception {
        String host = args.text("host", "127.0.0.1");
        int port = args.integer("port", 3101);
        int httpPort = args.integer("http-port", 3102);
        int connections = args.integer("connections", 50);
        int seconds = args.integer("seconds", 60);
        ShellProbe heap = new ShellProbe(args.text("heap-cmd", null));
        args.rejectUnknown();
        UnauthenticatedFlood.run(host, port, httpPort, connections, seconds, heap);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: BenchMain idle|fanout|fixed|crossnode|recovery --server NAME --protocol socketio|ws"
                    + " --ports P[,P2] --pids PID[,PID2] --secret S --out FILE [--quick] [...]");
            System.exit(2);
        }
        String scenario = argv[0];
        Args args = new Args(argv, 1);
        if (scenario.equals("flood")) {
            flood(args);
            return;
        }
        String host = args.text("host", "127.0.0.1");
        List<InetSocketAddress> nodes = args.list("ports", "3101").stream()
                .map(p -> new InetSocketAddress(host, Integer.parseInt(p))).toList();
        BenchTarget target = new BenchTarget(
                args.required("server"),
                WireProtocol.named(args.text("protocol", "socketio")),
                nodes,
                new Hs256Tokens(args.required("secret")),
                new ProcessProbe(args.list("pids", null), args.integer("clk-tck", 100)),
                new ShellProbe(args.text("heap-cmd", null)),
                new ShellProbe(args.text("rows-cmd", null)),
                args.integer("threads", Math.max(1, Runtime.getRuntime().availableProcessors())),
                args.integer("content-bytes", 64),
                Boolean.parseBoolean(args.text("quick", "false")));
        Records records = new Records(Path.of(args.required("out")));
        switch (scenario) {
            case "idle" -> {
                List<Integer> steps = args.list("steps", "1000,5000,10000,19000").stream().map(Integer::valueOf).toList();
                args.rejectUnknown();
                new IdleScenario(target, records).run(steps);
            }
            case "fanout" -> {
                int members = args.integer("members", 100);
                double start = args.decimal("start-deliveries", 10_000);
                double factor = args.decimal("factor", 1.5);
                int maxSteps = args.integer("max-steps", 12);
                double limit = args.decimal("p99-limit-ms", 50);
                args.rejectUnknown();
                new FanoutScenario(target, records).run(members, start, factor, maxSteps, limit);
            }
            case "fixed" -> {
                int members = args.integer("members", 100);
                List<Double> rates = args.list("deliveries", "20000,50000").stream().map(Double::valueOf).toList();
                String label = args.text("label", "fixed");
                args.rejectUnknown();
                new FixedRateScenario(target, records).run(label, members, rates);
            }
            case "crossnode" -> {
                int members = args.integer("members", 4);
                List<Double> rates = args.list("rates", "1000,10000").stream().map(Double::valueOf).toList();
                String label = args.text("label", "crossnode");
                args.rejectUnknown();
                new CrossNodeScenario(target, records).run(label, members, rates);
            }
            case "recovery" -> {
                String label = args.text("label", "recovery");
                String room = args.text("room", "bench-cross");
                int missed = args.integer("missed", 10_000);
                int repeats = args.integer("repeats", 3);
                args.rejectUnknown();
                new RecoveryScenario(target, records).run(label, room, missed, repeats);
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }
}
