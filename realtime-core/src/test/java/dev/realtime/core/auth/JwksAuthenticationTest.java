package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static dev.realtime.core.auth.JwtRefusalMatrix.claims;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Verification against key sets mixing key kinds, uses and pinned algorithms, and key rotation. */
class JwksAuthenticationTest {
    private static final KeyPair RSA_1 = TestKeys.rsa(2048);
    private static final KeyPair RSA_2 = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final KeyPair ED = TestKeys.ed("Ed25519");

    private final ManualClock clock = new ManualClock(JwtRefusalMatrix.NOW);
    private final JwksServer jwks = new JwksServer();
    private JwtAuthenticator authenticator;

    @AfterEach
    void tearDown() {
        if (authenticator != null) {
            authenticator.close();
        }
        jwks.close();
    }

    private JwtAuthenticator authenticator() {
        authenticator = new JwtAuthenticator(JwtOptions.builder()
                .jwksUrl(jwks.url())
                .jwksMaxWait(Duration.ofSeconds(5))
                .build(), clock);
        return authenticator;
    }

    private static RSAKey rsaJwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static String rsaToken(KeyPair pair, String kid) {
        return Tokens.rsa(JWSAlgorithm.RS256, pair.getPrivate(), kid, claims().build());
    }

    @Test
    void verifiesRsaEcAndEd25519KeysFromOneSet() {
        byte[] edRaw = Arrays.copyOfRange(ED.getPublic().getEncoded(), 12, 44); // strip the 12-byte SPKI header
        jwks.serve(rsaJwk(RSA_1, "rsa"),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyID("ec").build(),
                new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(edRaw)).keyID("ed").build());
        JwtAuthenticator authenticator = authenticator();

        accepted(authenticator, rsaToken(RSA_1, "rsa"));
        accepted(authenticator, Tokens.ec(JWSAlgorithm.ES256, EC.getPrivate(), "ec", claims().build()));
        accepted(authenticator, Tokens.ed("EdDSA", ED.getPrivate(), "ed", claims().build()));
        // a token without kid is tried against every key that allows its algorithm
        accepted(authenticator, Tokens.ed("EdDSA", ED.getPrivate(), null, claims().build()));
        // the key id of an RSA key on an ES256 token
        refused(authenticator, Tokens.ec(JWSAlgorithm.ES256, EC.getPrivate(), "rsa", claims().build()),
                ErrorCode.INVALID_TOKEN);
    }

    @Test
    void symmetricKeysInTheSetAreNeverUsed() {
        byte[] secret = "a-shared-secret-that-is-32-bytes".getBytes(StandardCharsets.UTF_8);
        jwks.serve(rsaJwk(RSA_1, "rsa"), new OctetSequenceKey.Builder(secret).keyID("oct").build());
        JwtAuthenticator authenticator = authenticator();

        refused(authenticator, Tokens.hmac("HS256", secret, "oct", claims().build()), ErrorCode.INVALID_TOKEN);
        refused(authenticator, Tokens.hmac("HS256", secret, null, claims().build()), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void encryptionKeysInTheSetAreNeverUsed() {
        jwks.serve(rsaJwk(RSA_1, "sig"),
                new RSAKey.Builder((RSAPublicKey) RSA_2.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build());

        refused(authenticator(), rsaToken(RSA_2, "enc"), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void algorithmPinnedByTheKeyIsEnforced() {
        jwks.serve(new RSAKey.Builder((RSAPublicKey) RSA_1.getPublic()).keyID("rsa")
                .algorithm(JWSAlgorithm.RS256).build());
        JwtAuthenticator authenticator = authenticator();

        accepted(authenticator, rsaToken(RSA_1, "rsa"));
        refused(authenticator, Tokens.rsa(JWSAlgorithm.PS256, RSA_1.getPrivate(), "rsa", claims().build()),
                ErrorCode.INVALID_TOKEN);
    }

    @Test
    void rotatedKeyIsPickedUpByTheFirstTokenUsingIt() {
        jwks.serve(rsaJwk(RSA_1, "old"));
        JwtAuthenticator authenticator = authenticator();
        accepted(authenticator, rsaToken(RSA_1, "old"));

        clock.advance(JwksKeySource.ON_DEMAND_COOLDOWN);
        jwks.serve(rsaJwk(RSA_1, "old"), rsaJwk(RSA_2, "new"));

        accepted(authenticator, rsaToken(RSA_2, "new"));
        refused(authenticator, rsaToken(RSA_2, "unknown"), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void unreachableKeySetIsUnavailableNotInvalid() {
        jwks.failWith(500);

        refused(authenticator(), rsaToken(RSA_1, "a"), ErrorCode.UNAVAILABLE);
    }
}
