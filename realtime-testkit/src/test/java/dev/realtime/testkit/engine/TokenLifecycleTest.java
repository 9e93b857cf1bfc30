package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.JoinAuthorizer;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry, warning and in-band refresh of the token of an open connection, on the manual clock. */
class TokenLifecycleTest {
    static final String SECRET = "token-lifecycle-test-secret-of-32-bytes!";
    private static final Duration WARNING = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final JwtIssuer issuer = new JwtIssuer(SECRET, clock);
    private final Set<String> revokedSessions = ConcurrentHashMap.newKeySet();
    private final TestNode node = TestNode.start(clock, o -> o.tokenExpiryWarning(WARNING), b -> b
            .jwt(JwtOptions.hmac(SECRET))
            .joinAuthorizer(new StaffRoomsNeedStaffRole())
            .refreshAuthorizer((connection, current, refreshed) -> revokedSessions.contains(refreshed.sessionId())
                    ? Decision.deny("session " + refreshed.sessionId() + " was signed out") : Decision.allow()));

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void warnsOnceBeforeExpiryThenClosesWithTokenExpired() {
        Instant expiresAt = clock.now().plusSeconds(120);
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofSeconds(120)));

        clock.advance(Duration.ofSeconds(89));
        assertThat(alice.received("token:expiring")).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(alice.received("token:expiring")).singleElement()
                .satisfies(w -> assertThat(w.path("expiresAt").asText()).isEqualTo(expiresAt.toString()));
        clock.advance(Duration.ofSeconds(28));
        assertThat(alice.received("token:expiring")).as("one warning per token").hasSize(1);
        assertThat(alice.closedBy()).isNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(alice.closedBy()).isEqualTo(CloseReason.TOKEN_EXPIRED);
        assertThat(alice.last("error").orElseThrow().path("code").asText()).isEqualTo("TOKEN_EXPIRED");
        assertThat(node.realtime.connectionCount()).isZero();
    }

    @Test
    void refreshMovesTheExpiryAndWarnsAgainBeforeTheNewOne() {
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(40));
        assertThat(alice.received("token:expiring")).hasSize(1);

        Instant newExpiry = clock.now().plusSeconds(600);
        JsonNode ack = ok(alice.emit("auth:refresh", Map.of("token", issuer.issue("alice", Duration.ofSeconds(600)))));
        assertThat(ack.path("expiresAt").asText()).isEqualTo(newExpiry.toString());

        clock.advance(Duration.ofSeconds(540));
        assertThat(alice.closedBy()).as("the first token's expiry passed long ago").isNull();
        assertThat(alice.received("token:expiring")).hasSize(1);
        clock.advance(Duration.ofSeconds(31));
        assertThat(alice.received("token:expiring")).hasSize(2);
        assertThat(alice.last("token:expiring").orElseThrow().path("expiresAt").asText())
                .isEqualTo(newExpiry.toString());
        clock.advance(Duration.ofSeconds(30));
        assertThat(alice.closedBy()).isEqualTo(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void anotherUsersTokenIsRefusedAndTheConnectionKeepsItsOwnExpiry() {
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofSeconds(60)));

        JsonNode refused = alice.emit("auth:refresh", Map.of("token", issuer.issue("mallory", Duration.ofHours(1))));

        assertThat(code(refused)).isEqualTo("FORBIDDEN");
        clock.advance(Duration.ofSeconds(60));
        assertThat(alice.closedBy()).isEqualTo(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void badRefreshPayloadsAndTokensAreRefusedWithTheirCodes() {
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofSeconds(300)));
        String shortLived = issuer.issue("alice", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(60));

        assertThat(code(alice.emit("auth:refresh", Map.of()))).isEqualTo("VALIDATION_ERROR");
        assertThat(code(alice.emit("auth:refresh", Map.of("token", 42)))).isEqualTo("VALIDATION_ERROR");
        assertThat(code(alice.emit("auth:refresh", Map.of("token", "not-a-jwt")))).isEqualTo("INVALID_TOKEN");
        assertThat(code(alice.emit("auth:refresh", Map.of("token", shortLived)))).isEqualTo("TOKEN_EXPIRED");
        assertThat(code(alice.emit("auth:refresh", Map.of("token", "x".repeat(JwtAuthenticator.MAX_TOKEN_LENGTH + 1)))))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(alice.closedBy()).isNull();
    }

    @Test
    void theHostCanRefuseARefresh() {
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofSeconds(60)));
        revokedSessions.add("signed-out");

        JsonNode refused = alice.emit("auth:refresh",
                Map.of("token", issuer.issue("alice", Duration.ofHours(1), Map.of("sid", "signed-out"))));

        assertThat(code(refused)).isEqualTo("FORBIDDEN");
        assertThat(refused.path("error").path("message").asText()).contains("signed out");
        clock.advance(Duration.ofSeconds(60));
        assertThat(alice.closedBy()).isEqualTo(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void aRefreshThatDropsARoleLeavesTheRoomsThatNeedIt() {
        node.createRoom("general");
        node.createRoom("staff:ops");
        TestClient alice = node.transport.connect(issuer.issue("alice", Duration.ofMinutes(5),
                Map.of("roles", List.of("staff"))));
        TestClient bob = node.transport.connect(issuer.issue("bob", Duration.ofMinutes(5),
                Map.of("roles", List.of("staff"))));
        ok(alice.emit("room:join", room("general")));
        ok(alice.emit("room:join", room("staff:ops")));
        ok(bob.emit("room:join", room("staff:ops")));

        ok(alice.emit("auth:refresh", Map.of("token", issuer.issue("alice", Duration.ofMinutes(5),
                Map.of("roles", List.of("viewer"))))));

        assertThat(alice.received("room:left")).singleElement().satisfies(left -> {
            assertThat(left.path("roomName").asText()).isEqualTo("staff:ops");
            assertThat(left.path("reason").asText()).isEqualTo("FORBIDDEN");
            assertThat(left.path("message").asText()).contains("staff");
        });
        assertThat(bob.last("user:left").orElseThrow().path("userId").asText()).isEqualTo("alice");
        assertThat(code(alice.emit("message:send", Map.of("roomName", "staff:ops", "content", "hi"))))
                .isEqualTo("NOT_IN_ROOM");
        assertThat(code(alice.emit("room:join", room("staff:ops")))).isEqualTo("FORBIDDEN");
        ok(alice.emit("message:send", Map.of("roomName", "general", "content", "still here")));

        ok(alice.emit("auth:refresh", Map.of("token", issuer.issue("alice", Duration.ofMinutes(5),
                Map.of("roles", List.of("staff"))))));
        ok(alice.emit("room:join", room("staff:ops")));
    }

    @Test
    void anAnonymousConnectionHasNothingToRefresh() {
        try (TestNode open = TestNode.start(clock, o -> o.allowAnonymous(true), b -> b
                .jwt(JwtOptions.hmac(SECRET)))) {
            TestClient guest = open.connectAnonymous();
            assertThat(code(guest.emit("auth:refresh", Map.of("token", issuer.issue("alice", Duration.ofHours(1))))))
                    .isEqualTo("FORBIDDEN");
            clock.advance(Duration.ofDays(2));
            assertThat(guest.closedBy()).as("no token, no expiry").isNull();
        }
    }

    @Test
    void aPrincipalWithoutExpiryFromACustomAuthenticatorIsNeverClosed() {
        try (TestNode custom = TestNode.start(clock, o -> { }, b -> { })) {
            TestClient alice = custom.connect("alice");
            JsonNode ack = ok(alice.emit("auth:refresh", Map.of("token", "user:alice")));
            assertThat(ack.path("expiresAt").isNull()).as("no exp, no expiry: %s", ack).isTrue();
            clock.advance(Duration.ofDays(2));
            assertThat(alice.closedBy()).isNull();
            assertThat(alice.received("token:expiring")).isEmpty();
        }
    }

    /** Rooms named {@code staff:*} are for connections whose token has the {@code staff} role. */
    private static final class StaffRoomsNeedStaffRole implements JoinAuthorizer {
        @Override
        public Decision authorize(ConnectionInfo connection, Room room, Membership membership) {
            return Decision.allow();
        }

        @Override
        public Decision authorize(ConnectionInfo connection, Principal principal, Room room, Membership membership) {
            boolean staff = principal.claims().get("roles") instanceof List<?> roles && roles.contains("staff");
            return !room.name().startsWith("staff:") || staff ? Decision.allow()
                    : Decision.deny("room " + room.name() + " is for the staff role");
        }
    }
}
