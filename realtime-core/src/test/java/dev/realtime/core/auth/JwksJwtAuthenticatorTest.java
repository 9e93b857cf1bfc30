package dev.realtime.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The refusal matrix with the RSA key published in a JWKS served over HTTP. */
class JwksJwtAuthenticatorTest extends AsymmetricKeyMatrix {
    private static final KeyPair KEY = TestKeys.rsa(2048);
    private static final KeyPair OTHER = TestKeys.rsa(2048);
    private static final KeyPair FOREIGN = TestKeys.ec("secp256r1");

    private JwksServer jwks;

    @BeforeEach
    void startJwks() {
        jwks = new JwksServer();
        jwks.serve(new RSAKey.Builder((RSAPublicKey) KEY.getPublic()).keyID("key-1").build());
    }

    @AfterEach
    void stopJwks() {
        jwks.close();
    }

    @Override
    JwtOptions.Builder keyed() {
        return JwtOptions.builder().jwksUrl(jwks.url()).jwksMaxWait(java.time.Duration.ofSeconds(5));
    }

    @Override
    PublicKey publicKey() {
        return KEY.getPublic();
    }

    @Override
    String sign(JWTClaimsSet claims) {
        return Tokens.rsa(JWSAlgorithm.RS256, KEY.getPrivate(), "key-1", claims);
    }

    @Override
    String signWithOtherKey(JWTClaimsSet claims) {
        return Tokens.rsa(JWSAlgorithm.RS256, OTHER.getPrivate(), "key-1", claims);
    }

    @Override
    String signWithForeignAlgorithm(JWTClaimsSet claims) {
        return Tokens.ec(JWSAlgorithm.ES256, FOREIGN.getPrivate(), "key-1", claims);
    }
}
