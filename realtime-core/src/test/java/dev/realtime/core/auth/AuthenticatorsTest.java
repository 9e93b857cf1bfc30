package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ManualClock clock = new ManualClock(JwtRefusalMatrix.NOW);
    private final JwtAuthenticator jwt = new JwtAuthenticator(JwtOptions.builder().hmacSecret(SECRET).build(), clock);
    private final JwtIssuer issuer = new JwtIssuer(SECRET, clock);

    @AfterEach
    void close() {
        jwt.close();
    }

    @Test
    void noTokenWithAnonymousAllowedIsAnonymous() {
        Authenticator authenticator = Authenticators.withAnonymous(jwt, true);

        Principal first = authenticator.authenticate(Credentials.anonymous());
        Principal second = authenticator.authenticate(Credentials.ofToken("  "));

        assertThat(first.anonymous()).isTrue();
        assertThat(first.userId()).startsWith("anon-").hasSize("anon-".length() + 16);
        assertThat(first.claims()).isEmpty();
        assertThat(first.sessionId()).isNotBlank();
        assertThat(second.userId()).isNotEqualTo(first.userId());
    }

    @Test
    void noTokenWithAnonymousNotAllowedIsAuthRequired() {
        refused(Authenticators.withAnonymous(jwt, false), null, ErrorCode.AUTH_REQUIRED);
    }

    @Test
    void aValidTokenIsAUserEvenWhenAnonymousIsAllowed() {
        Principal principal = accepted(Authenticators.withAnonymous(jwt, true), issuer.issue("alice", Duration.ofMinutes(5)));

        assertThat(principal.anonymous()).isFalse();
        assertThat(principal.userId()).isEqualTo("alice");
    }

    @Test
    void aBadTokenIsNeverDowngradedToAnonymous() {
        Authenticator authenticator = Authenticators.withAnonymous(jwt, true);
        String expired = issuer.issue("alice", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));

        refused(authenticator, "garbage", ErrorCode.INVALID_TOKEN);
        refused(authenticator, Tokens.unsigned("none", JwtRefusalMatrix.claims().build()), ErrorCode.INVALID_TOKEN);
        refused(authenticator, expired, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void anonymousOnlyRefusesEveryToken() {
        Authenticator authenticator = Authenticators.anonymousOnly();

        assertThat(authenticator.authenticate(Credentials.anonymous()).anonymous()).isTrue();
        assertThat(refused(authenticator, issuer.issue("alice", Duration.ofMinutes(5)), ErrorCode.INVALID_TOKEN)
                .getMessage()).contains("no JWT key is configured");
    }
}
