package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacJwtAuthenticatorTest extends JwtRefusalMatrix {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair FOREIGN = TestKeys.rsa(2048);

    @Override
    JwtOptions.Builder keyed() {
        return JwtOptions.builder().hmacSecret(SECRET);
    }

    @Override
    String sign(JWTClaimsSet claims) {
        return Tokens.hmac("HS256", SECRET, null, claims);
    }

    @Override
    String signWithOtherKey(JWTClaimsSet claims) {
        return Tokens.hmac("HS256", OTHER, null, claims);
    }

    @Override
    String signWithForeignAlgorithm(JWTClaimsSet claims) {
        return Tokens.rsa(JWSAlgorithm.RS256, FOREIGN.getPrivate(), null, claims);
    }

    @Test
    void acceptsAllHmacAlgorithms() {
        JwtAuthenticator authenticator = authenticator();
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            assertThat(accepted(authenticator, Tokens.hmac(alg, SECRET, null, claims().build())).userId())
                    .isEqualTo("alice");
        }
    }

    @Test
    void secretGivenAsTextIsUsedAsUtf8() {
        JwtAuthenticator authenticator = authenticator(JwtOptions.builder()
                .hmacSecret(new String(SECRET, StandardCharsets.UTF_8)));

        accepted(authenticator, sign(claims().build()));
    }

    @Test
    void tokenSignedWithATruncatedSecretIsInvalid() {
        byte[] prefix = java.util.Arrays.copyOf(SECRET, 16);

        refused(authenticator(), Tokens.hmac("HS256", prefix, null, claims().build()), ErrorCode.INVALID_TOKEN);
    }
}
