package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.ErrorCode;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class EdDsaJwtAuthenticatorTest extends AsymmetricKeyMatrix {
    private static final KeyPair KEY = TestKeys.ed("Ed25519");
    private static final KeyPair OTHER = TestKeys.ed("Ed25519");
    private static final KeyPair FOREIGN = TestKeys.ec("secp256r1");

    @Override
    JwtOptions.Builder keyed() {
        return JwtOptions.builder().publicKeyPem(TestKeys.pem(KEY.getPublic()));
    }

    @Override
    PublicKey publicKey() {
        return KEY.getPublic();
    }

    @Override
    String sign(JWTClaimsSet claims) {
        return Tokens.ed("EdDSA", KEY.getPrivate(), null, claims);
    }

    @Override
    String signWithOtherKey(JWTClaimsSet claims) {
        return Tokens.ed("EdDSA", OTHER.getPrivate(), null, claims);
    }

    @Override
    String signWithForeignAlgorithm(JWTClaimsSet claims) {
        return Tokens.ec(com.nimbusds.jose.JWSAlgorithm.ES256, FOREIGN.getPrivate(), null, claims);
    }

    @Test
    void acceptsTheFullySpecifiedEd25519AlgorithmName() {
        assertThat(accepted(authenticator(), Tokens.ed("Ed25519", KEY.getPrivate(), null, claims().build())).userId())
                .isEqualTo("alice");
    }

    @Test
    void ed448KeyVerifiesEd448TokensOnly() {
        KeyPair ed448 = TestKeys.ed("Ed448");
        JwtAuthenticator authenticator = authenticator(JwtOptions.builder().publicKeyPem(TestKeys.pem(ed448.getPublic())));

        accepted(authenticator, Tokens.ed("EdDSA", ed448.getPrivate(), null, claims().build()));
        accepted(authenticator, Tokens.ed("Ed448", ed448.getPrivate(), null, claims().build()));
        refused(authenticator, Tokens.ed("Ed25519", ed448.getPrivate(), null, claims().build()),
                ErrorCode.INVALID_TOKEN);
    }
}
