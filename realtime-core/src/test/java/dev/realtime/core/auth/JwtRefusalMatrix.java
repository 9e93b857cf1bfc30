package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The refusal matrix every key kind must pass. Subclasses supply the key under test and how to sign with it,
 * with another key of the same kind, and with a key of another kind.
 */
abstract class JwtRefusalMatrix {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration SKEW = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(NOW);
    private final List<JwtAuthenticator> opened = new ArrayList<>();

    /** Options with the key under test configured. */
    abstract JwtOptions.Builder keyed();

    /** A token signed with the key under test. */
    abstract String sign(JWTClaimsSet claims);

    /** A token signed with another key of the same kind (correct algorithm, wrong key). */
    abstract String signWithOtherKey(JWTClaimsSet claims);

    /** A token correctly signed with a key of another kind, hence an algorithm the key under test does not allow. */
    abstract String signWithForeignAlgorithm(JWTClaimsSet claims);

    JwtAuthenticator authenticator(JwtOptions.Builder options) {
        JwtAuthenticator authenticator = new JwtAuthenticator(options.build(), clock);
        opened.add(authenticator);
        return authenticator;
    }

    JwtAuthenticator authenticator() {
        return authenticator(keyed());
    }

    @AfterEach
    void closeAuthenticators() {
        opened.forEach(JwtAuthenticator::close);
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("sid", "session-1")
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(10))));
    }

    @Test
    void validTokenYieldsPrincipalWithCopiedClaims() {
        Principal principal = accepted(authenticator(), sign(claims().claim("role", "admin").build()));

        assertThat(principal.userId()).isEqualTo("alice");
        assertThat(principal.sessionId()).isEqualTo("session-1");
        assertThat(principal.anonymous()).isFalse();
        assertThat(principal.claims()).containsEntry("sub", "alice").containsEntry("role", "admin")
                .containsKey("exp");
    }

    @Test
    void bearerPrefixIsAccepted() {
        assertThat(accepted(authenticator(), "Bearer " + sign(claims().build())).userId()).isEqualTo("alice");
    }

    @Test
    void missingTokenIsAuthRequired() {
        JwtAuthenticator authenticator = authenticator();
        refused(authenticator, null, ErrorCode.AUTH_REQUIRED);
        refused(authenticator, "   ", ErrorCode.AUTH_REQUIRED);
        assertThat(catchCode(() -> authenticator.authenticate(Credentials.anonymous())))
                .isEqualTo(ErrorCode.AUTH_REQUIRED);
    }

    @Test
    void malformedTokensAreInvalid() {
        JwtAuthenticator authenticator = authenticator();
        String valid = sign(claims().build());
        String[] parts = valid.split("\\.");
        for (String token : List.of("not-a-token", "a.b", "a.b.c", "....", parts[0] + "." + parts[1],
                Tokens.encode("{not json") + "." + parts[1] + "." + parts[2],
                parts[0] + "." + Tokens.encode("[1,2]") + "." + parts[2],
                parts[0] + ".%%%." + parts[2],
                "x".repeat(JwtAuthenticator.MAX_TOKEN_LENGTH + 1))) {
            refused(authenticator, token, ErrorCode.INVALID_TOKEN);
        }
    }

    @Test
    void tamperedPayloadIsInvalid() {
        String[] genuine = sign(claims().build()).split("\\.");
        String forgedPayload = Tokens.encode(claims().subject("mallory").build().toString());

        refused(authenticator(), genuine[0] + "." + forgedPayload + "." + genuine[2], ErrorCode.INVALID_TOKEN);
    }

    @Test
    void tamperedSignatureIsInvalid() {
        String token = sign(claims().build());
        int last = token.length() - 2;
        String flipped = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.charAt(last + 1);

        refused(authenticator(), flipped, ErrorCode.INVALID_TOKEN);
        refused(authenticator(), token.substring(0, token.lastIndexOf('.') + 1), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void tokenSignedWithAnotherKeyIsInvalid() {
        refused(authenticator(), signWithOtherKey(claims().build()), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void unsignedTokensAreInvalid() {
        JwtAuthenticator authenticator = authenticator();
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            refused(authenticator, Tokens.unsigned(alg, claims().build()), ErrorCode.INVALID_TOKEN);
        }
        // alg none with a genuine signature appended
        String genuine = sign(claims().build());
        String unsigned = Tokens.unsigned("none", claims().build());
        refused(authenticator, unsigned + genuine.substring(genuine.lastIndexOf('.') + 1), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void algorithmNotAllowedForTheKeyIsInvalid() {
        String token = signWithForeignAlgorithm(claims().build());

        assertThat(refused(authenticator(), token, ErrorCode.INVALID_TOKEN).getMessage()).contains("not allowed");
    }

    @Test
    void expiredTokenIsTokenExpired() {
        String token = sign(claims().expirationTime(Date.from(NOW.minus(SKEW).minusSeconds(1))).build());

        refused(authenticator(), token, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void tokenExpiringWhileInUseIsRefusedOnceTheSkewHasPassed() {
        JwtAuthenticator authenticator = authenticator();
        String token = sign(claims().expirationTime(Date.from(NOW.plusSeconds(60))).build());
        accepted(authenticator, token);

        clock.advance(Duration.ofSeconds(60).plus(SKEW).minusSeconds(1));
        accepted(authenticator, token);

        clock.advance(Duration.ofSeconds(1));
        refused(authenticator, token, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void expiredTokenWithinClockSkewIsAccepted() {
        String token = sign(claims().expirationTime(Date.from(NOW.minus(SKEW).plusSeconds(1))).build());

        assertThat(accepted(authenticator(), token).userId()).isEqualTo("alice");
    }

    @Test
    void zeroSkewRefusesAtTheExpiryInstant() {
        String token = sign(claims().expirationTime(Date.from(NOW)).build());

        refused(authenticator(keyed().clockSkew(Duration.ZERO)), token, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void expiredTokenWithBadSignatureIsInvalidNotExpired() {
        String token = signWithOtherKey(claims().expirationTime(Date.from(NOW.minus(Duration.ofHours(1)))).build());

        refused(authenticator(), token, ErrorCode.INVALID_TOKEN);
    }

    @Test
    void tokenWithoutExpiryIsInvalid() {
        String token = sign(new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(NOW)).build());

        assertThat(refused(authenticator(), token, ErrorCode.INVALID_TOKEN).getMessage()).contains("exp");
    }

    @Test
    void tokenNotYetValidIsInvalid() {
        String token = sign(claims().notBeforeTime(Date.from(NOW.plus(SKEW).plusSeconds(1))).build());

        assertThat(refused(authenticator(), token, ErrorCode.INVALID_TOKEN).getMessage()).contains("nbf");
    }

    @Test
    void notBeforeWithinClockSkewIsAccepted() {
        String token = sign(claims().notBeforeTime(Date.from(NOW.plus(SKEW).minusSeconds(1))).build());

        assertThat(accepted(authenticator(), token).userId()).isEqualTo("alice");
    }

    @Test
    void issuerIsEnforcedWhenConfigured() {
        JwtAuthenticator authenticator = authenticator(keyed().issuer("https://id.example.com"));

        accepted(authenticator, sign(claims().issuer("https://id.example.com").build()));
        refused(authenticator, sign(claims().issuer("https://evil.example.com").build()), ErrorCode.INVALID_TOKEN);
        refused(authenticator, sign(claims().build()), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void issuerIsIgnoredWhenNotConfigured() {
        accepted(authenticator(), sign(claims().issuer("https://anyone.example.com").build()));
    }

    @Test
    void audienceIsEnforcedWhenConfigured() {
        JwtAuthenticator authenticator = authenticator(keyed().audience("realtime"));

        accepted(authenticator, sign(claims().audience("realtime").build()));
        accepted(authenticator, sign(claims().audience(List.of("billing", "realtime")).build()));
        refused(authenticator, sign(claims().audience("billing").build()), ErrorCode.INVALID_TOKEN);
        refused(authenticator, sign(claims().build()), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void tokenWithoutUserClaimIsInvalid() {
        String token = sign(new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("name", "Alice").build());

        refused(authenticator(), token, ErrorCode.INVALID_TOKEN);
    }

    private static ErrorCode catchCode(Runnable action) {
        try {
            action.run();
            return null;
        } catch (dev.realtime.core.RealtimeException e) {
            return e.code();
        }
    }
}
