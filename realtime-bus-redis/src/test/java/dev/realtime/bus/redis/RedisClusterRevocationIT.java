package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user revoked on one node through the real Redis bus: their connections close on every node and their
 * tokens are refused there, also on a node that joins afterwards. The test tokens carry no {@code iat}, so a
 * revocation refuses them all while it holds.
 */
class RedisClusterRevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String prefix = TestRedis.uniquePrefix();
    private final InMemoryStore store = new InMemoryStore();
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeAll
    static void redisIsRequired() {
        TestRedis.requireReachable();
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aRevocationOnOneNodeClosesTheUserEverywhereAndReachesANodeThatStartsLater() {
        nodeA = new ClusterNode("node-a", TestRedis.url(), prefix, store);
        nodeB = new ClusterNode("node-b", TestRedis.url(), prefix, store);
        await().atMost(WAIT).until(() -> nodeA.peers().size() == 1 && nodeB.peers().size() == 1);
        TestClient aliceOnA = nodeA.connect("alice");
        TestClient aliceOnB = nodeB.connect("alice");
        TestClient bobOnB = nodeB.connect("bob");

        assertThat(nodeA.realtime.revokeUser("alice")).isEqualTo(1);

        assertThat(aliceOnA.closedBy()).isEqualTo(CloseReason.TOKEN_REVOKED);
        await().atMost(WAIT).until(() -> CloseReason.TOKEN_REVOKED.equals(aliceOnB.closedBy()));
        assertThat(aliceOnB.last("error").orElseThrow().path("code").asText()).isEqualTo("TOKEN_REVOKED");
        assertThat(bobOnB.closedBy()).isNull();
        assertRefused(nodeB);

        try (ClusterNode nodeC = new ClusterNode("node-c", TestRedis.url(), prefix, store)) {
            await().atMost(WAIT).untilAsserted(() -> assertRefused(nodeC));
        }
    }

    private static void assertRefused(ClusterNode node) {
        assertThatThrownBy(() -> node.connect("alice")).isInstanceOfSatisfying(RealtimeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REVOKED));
    }
}
