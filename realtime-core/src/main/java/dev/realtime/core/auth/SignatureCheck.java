package dev.realtime.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a token's signature against one key. RSA and ECDSA use nimbus verifiers. EdDSA uses the JDK's own
 * Ed25519/Ed448 implementation (Java 15+), so no extra crypto library is needed. HMAC is computed with the JDK
 * too: nimbus insists on a secret as long as the hash (48 bytes for HS384, 64 for HS512), which would refuse
 * tokens that Socket.IO-era servers accept with any secret of at least 32 bytes.
 */
final class SignatureCheck {
    private static final Map<JWSAlgorithm, String> HMAC_ALGORITHMS = Map.of(
            JWSAlgorithm.HS256, "HmacSHA256",
            JWSAlgorithm.HS384, "HmacSHA384",
            JWSAlgorithm.HS512, "HmacSHA512");

    private SignatureCheck() {
    }

    /** True when {@code jwt} was signed with {@code key}; false on any mismatch or malformed signature. */
    static boolean verifies(SignedJWT jwt, Key key) {
        try {
            if (key instanceof EdECPublicKey ed) {
                return verifiesEdDsa(jwt, ed);
            }
            if (key instanceof SecretKey secret) {
                return verifiesHmac(jwt, secret);
            }
            return verifierFor(key).verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature());
        } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JWSVerifier verifierFor(Key key) throws JOSEException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECPublicKey ec) {
            return new ECDSAVerifier(ec);
        }
        throw new JOSEException("unsupported key type " + key.getAlgorithm());
    }

    private static boolean verifiesHmac(SignedJWT jwt, SecretKey secret) throws GeneralSecurityException {
        String macAlgorithm = HMAC_ALGORITHMS.get(jwt.getHeader().getAlgorithm());
        if (macAlgorithm == null) {
            return false;
        }
        Mac mac = Mac.getInstance(macAlgorithm);
        mac.init(new SecretKeySpec(secret.getEncoded(), macAlgorithm));
        byte[] expected = mac.doFinal(jwt.getSigningInput());
        return MessageDigest.isEqual(expected, jwt.getSignature().decode()); // constant time
    }

    private static boolean verifiesEdDsa(SignedJWT jwt, PublicKey key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("EdDSA");
        signature.initVerify(key);
        signature.update(jwt.getSigningInput());
        return signature.verify(jwt.getSignature().decode());
    }
}
