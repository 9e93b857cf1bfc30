package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revoking a user closes their connections on every node and refuses their older tokens for a while. */
class TokenRevocationTest {
    private static final Duration RETENTION = Duration.ofHours(2);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryBusHub hub = new InMemoryBusHub();
    private final JwtIssuer issuer = new JwtIssuer(TokenLifecycleTest.SECRET, clock);
    private final Consumer<RealtimeOptions.Builder> options = o -> o.revocationRetention(RETENTION);
    private final Consumer<Realtime.Builder> jwt =
            b -> b.jwt(JwtOptions.hmac(TokenLifecycleTest.SECRET));
    private TestNode a;
    private TestNode b;

    @BeforeEach
    void setUp() {
        a = TestNode.clusterNode("node-a", clock, store, hub, options, jwt);
        b = TestNode.clusterNode("node-b", clock, store, hub, options, jwt);
        await().atMost(WAIT).until(() -> a.realtime.health().bus().peers().contains("node-b")
                && b.realtime.health().bus().peers().contains("node-a"));
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    @Test
    void closesTheUsersConnectionsOnEveryNodeAndRefusesTheirOlderTokens() {
        String oldToken = issuer.issue("alice", Duration.ofDays(1));
        TestClient aliceOnA = a.transport.connect(oldToken);
        TestClient aliceOnB = b.transport.connect(oldToken);
        TestClient bobOnB = b.transport.connect(issuer.issue("bob", Duration.ofDays(1)));

        assertThat(a.realtime.revokeUser("alice")).isEqualTo(1);

        assertThat(aliceOnA.closedBy()).isEqualTo(CloseReason.TOKEN_REVOKED);
        assertThat(aliceOnA.last("error").orElseThrow().path("code").asText()).isEqualTo("TOKEN_REVOKED");
        await().atMost(WAIT).until(() -> CloseReason.TOKEN_REVOKED.equals(aliceOnB.closedBy()));
        assertThat(bobOnB.closedBy()).isNull();
        for (TestNode node : new TestNode[] {a, b}) {
            assertThatThrownBy(() -> node.transport.connect(oldToken))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REVOKED));
        }

        clock.advance(Duration.ofSeconds(1));
        TestClient again = b.transport.connect(issuer.issue("alice", Duration.ofDays(1)));
        assertThat(code(again.emit("auth:refresh", Map.of("token", oldToken)))).isEqualTo("TOKEN_REVOKED");
        ok(again.emit("auth:refresh", Map.of("token", issuer.issue("alice", Duration.ofDays(1)))));
        assertThat(again.closedBy()).isNull();

        clock.advance(RETENTION);
        assertThat(a.transport.connect(oldToken).closedBy()).as("the revocation lapsed").isNull();
    }

    @Test
    void aNodeThatJoinsLaterLearnsTheRevocationFromItsPeers() {
        String oldToken = issuer.issue("alice", Duration.ofDays(1));
        a.realtime.revokeUser("alice");

        try (TestNode c = TestNode.clusterNode("node-c", clock, store, hub, options, jwt)) {
            await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> c.transport.connect(oldToken))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REVOKED)));
        }
    }
}
