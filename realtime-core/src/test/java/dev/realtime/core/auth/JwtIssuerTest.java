package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jwt.SignedJWT;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.SystemClock;
import dev.realtime.core.model.Principal;
import dev.realtime.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtIssuerTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ManualClock clock = new ManualClock(JwtRefusalMatrix.NOW);
    private final JwtIssuer issuer = new JwtIssuer(SECRET, clock);

    private JwtAuthenticator verifier(JwtOptions.Builder options) {
        return new JwtAuthenticator(options.hmacSecret(SECRET).build(), clock);
    }

    @Test
    void issuedTokensVerifyUntilTheyExpire() {
        JwtAuthenticator verifier = verifier(JwtOptions.builder().clockSkew(Duration.ZERO));
        String token = issuer.issue("alice", Duration.ofMinutes(15), Map.of("role", "admin"));

        Principal principal = accepted(verifier, token);
        assertThat(principal.userId()).isEqualTo("alice");
        assertThat(principal.claims()).containsEntry("role", "admin").containsKeys("iat", "exp", "jti");
        assertThat(principal.sessionId()).isEqualTo(principal.claims().get("jti"));

        clock.advance(Duration.ofMinutes(15));
        refused(verifier, token, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void issuerAndAudienceAreCarriedAsExtraClaims() {
        JwtAuthenticator verifier = verifier(JwtOptions.builder().issuer("dev").audience("realtime"));

        accepted(verifier, issuer.issue("alice", Duration.ofMinutes(1), Map.of("iss", "dev", "aud", "realtime")));
        accepted(verifier, issuer.issue("alice", Duration.ofMinutes(1),
                Map.of("iss", "dev", "aud", List.of("other", "realtime"))));
    }

    @Test
    void systemClockIssuerAndAuthenticatorWorkTogether() {
        try (SystemClock clock = new SystemClock();
             JwtAuthenticator verifier = new JwtAuthenticator(JwtOptions.hmac(SECRET), clock)) {
            assertThat(accepted(verifier, new JwtIssuer(SECRET).issue("bob", Duration.ofMinutes(1))).userId())
                    .isEqualTo("bob");
        }
    }

    @Test
    void tokensAreHs256() throws Exception {
        SignedJWT jwt = SignedJWT.parse(new JwtIssuer(SECRET).issue("alice", Duration.ofMinutes(1)));

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JwtIssuer("short"))
                .withMessageContaining("at least 32 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue(" ", Duration.ofMinutes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue("alice", Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue("alice", Duration.ofMinutes(1),
                Map.of("exp", 1L))).withMessageContaining("exp");
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue("alice", Duration.ofMinutes(1),
                Map.of("sub", "mallory")));
    }
}
