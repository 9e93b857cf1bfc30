package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.model.Principal;
import dev.realtime.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the user id and session id come from, and what the principal's claims hold. */
class UserIdClaimTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String HASURA = "https://hasura.io/jwt/claims";

    private final ManualClock clock = new ManualClock(JwtRefusalMatrix.NOW);
    private final JwtAuthenticator defaults = authenticator(JwtOptions.builder().hmacSecret(SECRET));

    private JwtAuthenticator authenticator(JwtOptions.Builder options) {
        return new JwtAuthenticator(options.build(), clock);
    }

    private static JWTClaimsSet.Builder expiring() {
        return new JWTClaimsSet.Builder().expirationTime(Date.from(JwtRefusalMatrix.NOW.plus(Duration.ofMinutes(5))));
    }

    private static String token(JWTClaimsSet.Builder claims) {
        return Tokens.hmac("HS256", SECRET, null, claims.build());
    }

    @Test
    void subComesFirst() {
        Principal principal = accepted(defaults, token(expiring().subject("from-sub").claim("userId", "from-userId")
                .claim(HASURA, Map.of("x-hasura-user-id", "from-hasura"))));

        assertThat(principal.userId()).isEqualTo("from-sub");
    }

    @Test
    void userIdIsTheFirstFallback() {
        assertThat(accepted(defaults, token(expiring().claim("userId", "from-userId")
                .claim(HASURA, Map.of("x-hasura-user-id", "from-hasura")))).userId()).isEqualTo("from-userId");
    }

    @Test
    void hasuraClaimIsTheLastFallback() {
        assertThat(accepted(defaults, token(expiring().claim(HASURA,
                Map.of("x-hasura-user-id", "from-hasura", "x-hasura-default-role", "user")))).userId())
                .isEqualTo("from-hasura");
    }

    @Test
    void blankOrNonScalarValuesFallThrough() {
        assertThat(accepted(defaults, token(expiring().subject(" ").claim("userId", "u-2"))).userId())
                .isEqualTo("u-2");
        assertThat(accepted(defaults, token(expiring().claim("userId", List.of("x"))
                .claim(HASURA, Map.of("x-hasura-user-id", "h-3")))).userId()).isEqualTo("h-3");
        refused(defaults, token(expiring().claim(HASURA, "not-an-object")), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void integerUserIdsAreAccepted() {
        assertThat(accepted(defaults, token(expiring().claim("userId", 42))).userId()).isEqualTo("42");
        assertThat(accepted(defaults, token(expiring().claim("userId", 9_007_199_254_740_000L))).userId())
                .isEqualTo("9007199254740000");
        refused(defaults, token(expiring().claim("userId", 4.5)), ErrorCode.INVALID_TOKEN);
        refused(defaults, token(expiring().claim("userId", true)), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void overlongUserIdIsInvalid() {
        refused(defaults, token(expiring().subject("u".repeat(UserIdResolver.MAX_USER_ID_LENGTH + 1))),
                ErrorCode.INVALID_TOKEN);
        accepted(defaults, token(expiring().subject("u".repeat(UserIdResolver.MAX_USER_ID_LENGTH))));
    }

    @Test
    void configuredClaimReplacesTheDefaults() {
        JwtAuthenticator custom = authenticator(JwtOptions.builder().hmacSecret(SECRET).userIdClaim("uid"));

        assertThat(accepted(custom, token(expiring().subject("s").claim("uid", "from-uid"))).userId())
                .isEqualTo("from-uid");
        refused(custom, token(expiring().subject("only-sub")), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void configuredNestedPath() {
        JwtAuthenticator custom = authenticator(JwtOptions.builder().hmacSecret(SECRET)
                .userIdClaims(List.of(ClaimPath.of("app", "user", "id"), ClaimPath.of("sub"))));

        assertThat(accepted(custom, token(expiring().subject("s")
                .claim("app", Map.of("user", Map.of("id", "nested")))))).extracting(Principal::userId)
                .isEqualTo("nested");
        assertThat(accepted(custom, token(expiring().subject("s"))).userId()).isEqualTo("s");
    }

    @Test
    void sessionIdComesFromSidThenJtiElseIsGenerated() {
        assertThat(accepted(defaults, token(expiring().subject("a").claim("sid", "S").jwtID("J"))).sessionId())
                .isEqualTo("S");
        assertThat(accepted(defaults, token(expiring().subject("a").jwtID("J"))).sessionId()).isEqualTo("J");

        String first = accepted(defaults, token(expiring().subject("a"))).sessionId();
        String second = accepted(defaults, token(expiring().subject("a"))).sessionId();
        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void claimsAreCopiedWithoutNullsAndCannotBeModified() {
        Map<String, Object> profile = new HashMap<>();
        profile.put("name", "Alice");
        profile.put("nickname", null);
        profile.put("tags", Arrays.asList("a", null));
        Principal principal = accepted(defaults, token(expiring().subject("a").claim("profile", profile)
                .claim("gone", null)));

        assertThat(principal.claims()).doesNotContainKey("gone").containsKey("exp");
        @SuppressWarnings("unchecked")
        Map<String, Object> copied = (Map<String, Object>) principal.claims().get("profile");
        assertThat(copied).containsEntry("name", "Alice").doesNotContainKey("nickname");
        assertThat(copied.get("tags")).isEqualTo(Arrays.asList("a", null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> copied.put("name", "Mallory"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
