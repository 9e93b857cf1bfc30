package dev.realtime.bench.scenario;

import dev.realtime.bench.load.ConnectionSpec;
import dev.realtime.bench.load.Hs256Tokens;
import dev.realtime.bench.probe.ProcessProbe;
import dev.realtime.bench.probe.ShellProbe;
import dev.realtime.bench.wire.WireProtocol;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server under test and how to measure it: label, protocol, node addresses, token secret,
 * probes, and generator settings shared by all scenarios.
 *
 * @param server       label written to every record (e.g. "realtime", "socketio")
 * @param wire         protocol the generator speaks
 * @param nodes        server nodes (cross-node scenarios use two)
 * @param tokens       mints HS256 tokens for bench users
 * @param cpu          CPU/RSS probe over the server process(es)
 * @param heap         prints the server's live heap bytes after a GC, or disabled
 * @param rows         prints the event-log row count, or disabled
 * @param threads      generator selector threads
 * @param contentBytes size of each message's content
 * @param quick        reduced durations
 */
public record BenchTarget(String server, WireProtocol wire, List<InetSocketAddress> nodes, Hs256Tokens tokens,
                          ProcessProbe cpu, ShellProbe heap, ShellProbe rows, int threads, int contentBytes,
                          boolean quick) {

    /**
     * Connection specs for {@code count} clients of {@code room} on node {@code node}, users
     * {@code userPrefix0..}, {@code connectionsPerUser} connections each.
     */
    public List<ConnectionSpec> clients(int count, int node, String room, int group, String userPrefix,
                                        int connectionsPerUser) {
        long now = System.currentTimeMillis() / 1000;
        Map<Integer, String> tokenOf = new HashMap<>();
        List<ConnectionSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int user = i / connectionsPerUser;
            String token = tokenOf.computeIfAbsent(user, u -> tokens.forUser(userPrefix + u, now));
            specs.add(new ConnectionSpec(nodes.get(node), token, room, group));
        }
        return specs;
    }
}
