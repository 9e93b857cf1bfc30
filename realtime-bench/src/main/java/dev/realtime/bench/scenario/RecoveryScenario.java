package dev.realtime.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.bench.ws.BlockingJsonClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The time to catch up a reconnecting {@code /ws} client: it joins the room on node A, disconnects, a publisher on
 * node A sends {@code missed} messages (each acknowledged), and the client reconnects to node B (the last node
 * given) and rejoins with {@code since}. Recorded: the rejoin's round trip (request to the last byte of the ack
 * holding every missed message), and connect + authenticate + rejoin. Repeated; median and worst.
 */
public final class RecoveryScenario {
    private final BenchTarget target;
    private final Records records;

    public RecoveryScenario(BenchTarget target, Records records) {
        this.target = target;
        this.records = records;
    }

    /**
     * @param label   record label
     * @param room    a room on every node
     * @param missed  messages sent while the client is away
     * @param repeats how many times to measure
     */
    public void run(String label, String room, int missed, int repeats) throws IOException {
        InetSocketAddress nodeA = target.nodes().get(0);
        InetSocketAddress nodeB = target.nodes().get(target.nodes().size() - 1);
        List<Double> rejoinMs = new ArrayList<>();
        List<Double> reconnectMs = new ArrayList<>();
        long ackBytes = 0;
        long recovered = 0;
        String failure = null;
        for (int i = 0; i < repeats && failure == null; i++) {
            String user = "recovery-" + i;
            long lastSeen;
            String epoch;
            try (BlockingJsonClient member = BlockingJsonClient.connect(nodeA, token(user))) {
                JsonNode joined = member.request("room:join", Map.of("roomName", room)).path("data");
                lastSeen = joined.path("offset").asLong();
                epoch = joined.path("epoch").asText();
            }
            try (BlockingJsonClient publisher = BlockingJsonClient.connect(nodeA, token("recovery-publisher"))) {
                publisher.request("room:join", Map.of("roomName", room));
                String content = "x".repeat(target.contentBytes());
                for (int m = 0; m < missed; m++) {
                    JsonNode ack = publisher.request("message:send", Map.of("roomName", room, "content", content));
                    if (!ack.path("success").asBoolean()) {
                        failure = "send refused: " + ack;
                        break;
                    }
                }
            }
            if (failure != null) {
                break;
            }
            long t0 = System.nanoTime();
            try (BlockingJsonClient back = BlockingJsonClient.connect(nodeB, token(user))) {
                long t1 = System.nanoTime();
                JsonNode ack = back.request("room:join", Map.of("roomName", room,
                        "since", Map.of("offset", lastSeen, "epoch", epoch))).path("data");
                long t2 = System.nanoTime();
                int replayed = ack.path("messages").size();
                if (!ack.path("recovered").asBoolean() || replayed != missed) {
                    failure = "not recovered: recovered=" + ack.path("recovered").asBoolean() + ", reason="
                            + ack.path("reason").asText() + ", messages=" + replayed;
                    break;
                }
                recovered += replayed;
                ackBytes = back.lastAckBytes();
                rejoinMs.add((t2 - t1) / 1e6);
                reconnectMs.add((t2 - t0) / 1e6);
            }
        }
        Map<String, Object> r = Records.record(target, label);
        r.put("missed", missed);
        r.put("repeats", rejoinMs.size());
        if (failure != null) {
            r.put("error", failure);
        } else {
            r.put("recovered_messages", recovered);
            r.put("ack_bytes", ackBytes);
            r.put("rejoin_ms_median", Records.round(median(rejoinMs), 1));
            r.put("rejoin_ms_max", Records.round(Collections.max(rejoinMs), 1));
            r.put("reconnect_ms_median", Records.round(median(reconnectMs), 1));
        }
        records.write(r);
    }

    private String token(String user) {
        return target.tokens().forUser(user, System.currentTimeMillis() / 1000);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
