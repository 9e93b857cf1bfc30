package dev.realtime.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Which JWS algorithms a verification key may be used with. Deriving the allowed set from the key (never
 * from the token) is what defeats algorithm confusion: an HS256 token is never checked against an RSA key,
 * and {@code none} is never allowed at all.
 */
final class AlgorithmPolicy {
    /** Smallest RSA modulus accepted; shorter keys are factorable in practice. */
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    private AlgorithmPolicy() {
    }

    /** The algorithms {@code key} verifies; empty for keys of an unsupported kind. */
    static Set<JWSAlgorithm> allowedFor(Key key) {
        if (key instanceof SecretKey) {
            return HMAC;
        }
        if (key instanceof RSAPublicKey) {
            return RSA;
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (Curve.P_256.equals(curve)) {
                return Set.of(JWSAlgorithm.ES256);
            }
            if (Curve.P_384.equals(curve)) {
                return Set.of(JWSAlgorithm.ES384);
            }
            if (Curve.P_521.equals(curve)) {
                return Set.of(JWSAlgorithm.ES512);
            }
            return Set.of();
        }
        if (key instanceof EdECKey ed) {
            String curve = ed.getParams().getName();
            if ("Ed25519".equalsIgnoreCase(curve)) {
                return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
            }
            if ("Ed448".equalsIgnoreCase(curve)) {
                return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed448);
            }
        }
        return Set.of();
    }

    /**
     * Checks that {@code key} is usable for verification at all.
     *
     * @throws IllegalArgumentException saying why not
     */
    static void requireUsable(Key key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA public key has " + rsa.getModulus().bitLength()
                    + " bits; at least " + MIN_RSA_BITS + " are required");
        }
        if (allowedFor(key).isEmpty()) {
            throw new IllegalArgumentException("unsupported key: " + key.getAlgorithm()
                    + " (supported: RSA, EC P-256/P-384/P-521, Ed25519, Ed448)");
        }
    }
}
