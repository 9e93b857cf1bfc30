package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.testkit.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int CLIENTS_PER_THREAD = 25;
    private static final int MESSAGES_PER_CLIENT = 10;

    @Test
    void concurrentJoinsAndSendsLoseNothingAndEveryoneSeesOneOrder() throws Exception {
        try (TestNode node = TestNode.start(o -> o.messageRatePerSecond(10_000).connectionRatePerMinute(10_000))) {
            node.createRoom("busy");
            List<TestClient> clients = new ArrayList<>();
            for (int i = 0; i < THREADS * CLIENTS_PER_THREAD; i++) {
                clients.add(node.connect("u" + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> joins = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<TestClient> mine = clients.subList(t * CLIENTS_PER_THREAD, (t + 1) * CLIENTS_PER_THREAD);
                joins.add(pool.submit(() -> {
                    go.await();
                    for (TestClient c : mine) {
                        ok(c.emit("room:join", room("busy")));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : joins) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(node.realtime.rooms().onlineCount("busy")).isEqualTo(clients.size());
            assertThat(node.realtime.rooms().members("busy")).hasSize(clients.size());

            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<TestClient> mine = clients.subList(t * CLIENTS_PER_THREAD, (t + 1) * CLIENTS_PER_THREAD);
                sends.add(pool.submit(() -> {
                    for (int m = 0; m < MESSAGES_PER_CLIENT; m++) {
                        for (TestClient c : mine) {
                            ok(c.emit("message:send", Map.of("roomName", "busy", "content", "m" + m)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            int total = clients.size() * MESSAGES_PER_CLIENT;
            List<Long> reference = seqs(clients.get(0));
            assertThat(reference).hasSize(total);
            assertThat(reference).isSorted().doesNotHaveDuplicates();
            assertThat(reference.get(total - 1)).isEqualTo(total);
            for (TestClient c : clients) {
                assertThat(seqs(c)).isEqualTo(reference);
            }
        }
    }

    private static List<Long> seqs(TestClient c) {
        return c.received("message:new").stream().map(n -> n.path("seq").asLong()).toList();
    }
}
