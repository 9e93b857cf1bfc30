package dev.realtime.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.spi.Credentials;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void authenticatedConnectionGetsConnectedThenAuthenticatedWithItsMemberships() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            node.createRoom("team");
            node.realtime.rooms().addMember("team", "alice", MemberRole.MEMBER);

            TestClient alice = node.connect("alice");

            assertThat(alice.received()).extracting(e -> e.name()).containsExactly("connected", "authenticated");
            assertThat(alice.last("connected").orElseThrow().path("socketId").asText()).isEqualTo(alice.id());
            assertThat(alice.last("connected").orElseThrow().path("serverTime").asLong())
                    .isEqualTo(node.clock.millis());
            assertThat(alice.last("connected").orElseThrow().path("protocolVersion").asText())
                    .isEqualTo(RealtimeOptions.PROTOCOL_VERSION);
            var authenticated = alice.last("authenticated").orElseThrow();
            assertThat(authenticated.path("userId").asText()).isEqualTo("alice");
            assertThat(authenticated.path("sessionId").asText()).isEqualTo("session-alice");
            assertThat(authenticated.path("rooms")).extracting(n -> n.asText()).containsExactly("team");
        }
    }

    @Test
    void tokensAreRefusedWithTheAuthenticatorsCode() {
        try (TestNode node = TestNode.start()) {
            assertThatThrownBy(() -> node.transport.connect("expired"))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
            assertThatThrownBy(() -> node.transport.connect("garbage"))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
            assertThatThrownBy(node::connectAnonymous)
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_REQUIRED));
            assertThat(node.realtime.connectionCount()).isZero();
        }
    }

    @Test
    void anonymousConnectionsAreAllowedWhenConfiguredAndGetNoAuthenticatedEvent() {
        try (TestNode node = TestNode.start(o -> o.allowAnonymous(true))) {
            TestClient guest = node.connectAnonymous();

            assertThat(guest.received()).extracting(e -> e.name()).containsExactly("connected");
            assertThat(node.realtime.connections().get(0).anonymous()).isTrue();
            assertThat(node.realtime.connections().get(0).userId()).startsWith("anon-");
        }
    }

    @Test
    void aBadTokenIsNeverDowngradedToAnonymous() {
        try (TestNode node = TestNode.start(o -> o.allowAnonymous(true))) {
            assertThatThrownBy(() -> node.transport.connect("garbage"))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
        }
    }

    @Test
    void buildRefusesWhenNobodyCouldConnect() {
        assertThatThrownBy(() -> Realtime.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anonymous access is off");
    }

    @Test
    void connectionLimitRefusesWithUnavailable() {
        try (TestNode node = TestNode.start(o -> o.maxConnections(2))) {
            node.connect("a");
            node.connect("b");
            assertThatThrownBy(() -> node.connect("c"))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void connectionsPerMinutePerAddressAreLimited() {
        try (TestNode node = TestNode.start(o -> o.connectionRatePerMinute(3))) {
            Credentials fromA = new Credentials("user:a", Map.of(), "10.0.0.1", null, Map.of());
            Credentials fromB = new Credentials("user:b", Map.of(), "10.0.0.2", null, Map.of());
            for (int i = 0; i < 3; i++) {
                node.transport.connect(fromA);
            }
            assertThatThrownBy(() -> node.transport.connect(fromA))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
            node.transport.connect(fromB);

            node.clock.advance(Duration.ofMinutes(1));
            node.transport.connect(fromA);
            assertThat(node.realtime.connectionCount()).isEqualTo(5);
        }
    }

    @Test
    void deviceInfoFromTheHandshakeIsKept() {
        try (TestNode node = TestNode.start()) {
            node.transport.connect(new Credentials("user:a", Map.of("device", Map.of("os", "linux")), "10.1.1.1",
                    "agent/1", Map.of()));
            var info = node.realtime.connections().get(0);
            assertThat(info.deviceInfo()).containsEntry("os", "linux");
            assertThat(info.ip()).isEqualTo("10.1.1.1");
            assertThat(info.userAgent()).isEqualTo("agent/1");
        }
    }

    @Test
    void disconnectUserClosesEveryConnectionOfThatUser() {
        try (TestNode node = TestNode.start()) {
            TestClient a1 = node.connect("a");
            TestClient a2 = node.connect("a");
            TestClient b = node.connect("b");

            assertThat(node.realtime.disconnectUser("a")).isEqualTo(2);

            assertThat(a1.closedBy()).isNotNull();
            assertThat(a2.closedBy()).isNotNull();
            assertThat(b.closedBy()).isNull();
            assertThat(node.realtime.connectionCount()).isEqualTo(1);
        }
    }
}
