package dev.realtime.bench.load;

import java.net.InetSocketAddress;

/**
 * One simulated client: where it connects, as whom, which room it joins (null: none, it stays idle
 * once authenticated) and which latency group
 * (e.g. "same node" / "other node") its deliveries are recorded under.
 */
public record ConnectionSpec(InetSocketAddress server, String token, String room, int group) {
}
