package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.AuthAssertions.refused;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.ErrorCode;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class EcJwtAuthenticatorTest extends AsymmetricKeyMatrix {
    private static final KeyPair KEY = TestKeys.ec("secp256r1");
    private static final KeyPair OTHER = TestKeys.ec("secp256r1");
    private static final KeyPair FOREIGN = TestKeys.ed("Ed25519");

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
        return Tokens.ec(JWSAlgorithm.ES256, KEY.getPrivate(), null, claims);
    }

    @Override
    String signWithOtherKey(JWTClaimsSet claims) {
        return Tokens.ec(JWSAlgorithm.ES256, OTHER.getPrivate(), null, claims);
    }

    @Override
    String signWithForeignAlgorithm(JWTClaimsSet claims) {
        return Tokens.ed("EdDSA", FOREIGN.getPrivate(), null, claims);
    }

    @Test
    void eachCurveAcceptsOnlyItsOwnAlgorithm() {
        KeyPair p384 = TestKeys.ec("secp384r1");
        KeyPair p521 = TestKeys.ec("secp521r1");
        JwtAuthenticator on384 = authenticator(JwtOptions.builder().publicKey(p384.getPublic()));
        JwtAuthenticator on521 = authenticator(JwtOptions.builder().publicKey(p521.getPublic()));

        accepted(on384, Tokens.ec(JWSAlgorithm.ES384, p384.getPrivate(), null, claims().build()));
        accepted(on521, Tokens.ec(JWSAlgorithm.ES512, p521.getPrivate(), null, claims().build()));
        // a P-256 key's token claiming ES384 must not be checked against the P-384 key
        refused(on384, Tokens.ec(JWSAlgorithm.ES256, KEY.getPrivate(), null, claims().build()),
                ErrorCode.INVALID_TOKEN);
    }

    @Test
    void allZeroSignatureIsInvalid() {
        String token = sign(claims().build());
        String zeros = Tokens.encode(new String(new char[64]));

        refused(authenticator(), token.substring(0, token.lastIndexOf('.') + 1) + zeros, ErrorCode.INVALID_TOKEN);
    }
}
