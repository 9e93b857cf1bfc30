package dev.realtime.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.testing.ManualClock;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetching, caching, refresh and failure handling of JWKS keys, against a real local HTTP endpoint. */
class JwksKeySourceTest {
    private static final KeyPair RSA_1 = TestKeys.rsa(2048);
    private static final KeyPair RSA_2 = TestKeys.rsa(2048);
    private static final Duration REFRESH = Duration.ofMinutes(5);

    private final ManualClock clock = new ManualClock(JwtRefusalMatrix.NOW);
    private final JwksServer jwks = new JwksServer();
    private JwksKeySource source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        jwks.close();
    }

    private JwksKeySource start(Duration maxWait) {
        source = new JwksKeySource(URI.create(jwks.url()), clock, REFRESH, Duration.ofSeconds(5), maxWait);
        source.start();
        return source;
    }

    private static RSAKey rsaJwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static List<String> kids(List<CandidateKey> keys) {
        return keys.stream().map(CandidateKey::kid).toList();
    }

    private void awaitIdle() throws Exception {
        source.whenIdle().get(10, TimeUnit.SECONDS);
    }

    @Test
    void firstFetchStartsInTheBackgroundAndIsCached() throws Exception {
        jwks.serve(rsaJwk(RSA_1, "a"), rsaJwk(RSA_2, "b"));
        start(Duration.ZERO);
        awaitIdle();

        assertThat(kids(source.keysFor("a"))).containsExactly("a");
        assertThat(kids(source.keysFor(null))).containsExactly("a", "b");
        assertThat(jwks.requests()).isEqualTo(1);
    }

    @Test
    void unknownKeyIdRefreshesAtMostOncePerCooldown() throws Exception {
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ofSeconds(5));
        awaitIdle();
        clock.advance(JwksKeySource.ON_DEMAND_COOLDOWN);

        jwks.serve(rsaJwk(RSA_1, "a"), rsaJwk(RSA_2, "rotated"));
        assertThat(kids(source.keysFor("rotated"))).containsExactly("rotated");
        assertThat(jwks.requests()).isEqualTo(2);

        assertThat(source.keysFor("random-1")).isEmpty();
        assertThat(jwks.requests()).isEqualTo(2);

        clock.advance(JwksKeySource.ON_DEMAND_COOLDOWN);
        assertThat(source.keysFor("random-2")).isEmpty();
        assertThat(jwks.requests()).isEqualTo(3);
    }

    @Test
    void periodicRefreshRunsOnTheClock() throws Exception {
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ZERO);
        awaitIdle();

        jwks.serve(rsaJwk(RSA_2, "b"));
        clock.advance(REFRESH);
        awaitIdle();

        assertThat(jwks.requests()).isEqualTo(2);
        assertThat(kids(source.keysFor(null))).containsExactly("b");
    }

    @Test
    void failedRefreshKeepsTheCachedKeys() throws Exception {
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ZERO);
        awaitIdle();

        jwks.failWith(503);
        clock.advance(REFRESH);
        awaitIdle();

        assertThat(jwks.requests()).isEqualTo(2);
        assertThat(kids(source.keysFor("a"))).containsExactly("a");
    }

    @Test
    void noKeysYetIsUnavailableAndRetriedAfterAShortCooldown() throws Exception {
        jwks.failWith(500);
        start(Duration.ofSeconds(5));
        awaitIdle();

        assertUnavailable();
        assertThat(jwks.requests()).isEqualTo(1);

        jwks.serve(rsaJwk(RSA_1, "a"));
        clock.advance(JwksKeySource.EMPTY_COOLDOWN);
        assertThat(kids(source.keysFor("a"))).containsExactly("a");
        assertThat(jwks.requests()).isEqualTo(2);
    }

    @Test
    void responsesThatAreNotUsableKeySetsAreRejected() throws Exception {
        jwks.serveRaw("<html>login</html>");
        start(Duration.ofSeconds(5));
        awaitIdle();
        assertUnavailable();

        for (String body : List.of("{\"keys\":[]}",
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}",
                "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"" + "A".repeat(JwksKeySource.MAX_BODY_BYTES)
                        + "\",\"e\":\"AQAB\"}]}")) {
            jwks.serveRaw(body);
            clock.advance(JwksKeySource.EMPTY_COOLDOWN);
            assertUnavailable();
        }
        assertThat(jwks.requests()).isEqualTo(4);
    }

    @Test
    void aHangingEndpointDelaysALookupOnlyUpToTheMaxWait() throws Exception {
        CountDownLatch release = jwks.hold();
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ofMillis(50));

        assertUnavailable();

        release.countDown();
        awaitIdle();
        assertThat(kids(source.keysFor("a"))).containsExactly("a");
    }

    @Test
    void fetchesAreCoalesced() throws Exception {
        CountDownLatch release = jwks.hold();
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ZERO);

        source.refresh();
        clock.advance(REFRESH);
        source.refresh();
        release.countDown();
        awaitIdle();

        assertThat(jwks.requests()).isEqualTo(1);
    }

    @Test
    void closeCancelsThePeriodicRefresh() {
        jwks.serve(rsaJwk(RSA_1, "a"));
        start(Duration.ZERO);
        assertThat(clock.pendingTasks()).isEqualTo(1);

        source.close();

        assertThat(clock.pendingTasks()).isZero();
    }

    private void assertUnavailable() {
        assertThatThrownBy(() -> source.keysFor("a"))
                .isInstanceOfSatisfying(RealtimeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
