package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsaJwtAuthenticatorTest extends AsymmetricKeyMatrix {
    private static final KeyPair KEY = TestKeys.rsa(2048);
    private static final KeyPair OTHER = TestKeys.rsa(2048);
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
        return Tokens.rsa(JWSAlgorithm.RS256, KEY.getPrivate(), null, claims);
    }

    @Override
    String signWithOtherKey(JWTClaimsSet claims) {
        return Tokens.rsa(JWSAlgorithm.RS256, OTHER.getPrivate(), null, claims);
    }

    @Override
    String signWithForeignAlgorithm(JWTClaimsSet claims) {
        return Tokens.ec(JWSAlgorithm.ES256, FOREIGN.getPrivate(), null, claims);
    }

    @Test
    void acceptsRsaPkcs1AndPssAlgorithms() {
        JwtAuthenticator authenticator = authenticator();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512)) {
            String token = Tokens.rsa(alg, KEY.getPrivate(), null, claims().build());
            assertThat(accepted(authenticator, token).userId()).as(alg.getName()).isEqualTo("alice");
        }
    }
}
