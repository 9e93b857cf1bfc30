package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.refused;

import dev.realtime.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refusal matrix plus algorithm-confusion attacks, for public-key verification. */
abstract class AsymmetricKeyMatrix extends JwtRefusalMatrix {
    /** The configured public key, whose bytes an attacker knows. */
    abstract PublicKey publicKey();

    @Test
    void hmacTokenSignedWithThePublicKeyIsInvalid() {
        JwtAuthenticator authenticator = authenticator();
        List<byte[]> attackerSecrets = List.of(
                TestKeys.pem(publicKey()).getBytes(StandardCharsets.US_ASCII),
                TestKeys.pem(publicKey()).strip().getBytes(StandardCharsets.US_ASCII),
                publicKey().getEncoded());
        for (byte[] secret : attackerSecrets) {
            for (String alg : List.of("HS256", "HS384", "HS512")) {
                refused(authenticator, Tokens.hmac(alg, secret, null, claims().build()), ErrorCode.INVALID_TOKEN);
                refused(authenticator, Tokens.hmac(alg, secret, "key-1", claims().build()), ErrorCode.INVALID_TOKEN);
            }
        }
    }
}
