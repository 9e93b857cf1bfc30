package dev.realtime.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the keys of a JWK set into verification keys. Only public signature keys are taken: symmetric
 * ({@code oct}) keys, private parts, encryption keys and unsupported curves are skipped, so a published key
 * set can never introduce an HMAC key.
 */
final class JwkKeys {
    private static final Logger LOG = LoggerFactory.getLogger(JwkKeys.class);

    // X.509 SubjectPublicKeyInfo headers for raw EdDSA keys (RFC 8410): the raw key bytes follow them.
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] ED448_SPKI_PREFIX = HexFormat.of().parseHex("3043300506032b6571033a00");

    private JwkKeys() {
    }

    static List<CandidateKey> fromSet(JWKSet set) {
        List<CandidateKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            toCandidate(jwk).ifPresent(keys::add);
        }
        return List.copyOf(keys);
    }

    static Optional<CandidateKey> toCandidate(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return Optional.empty();
        }
        try {
            PublicKey key = publicKeyOf(jwk);
            if (key == null) {
                LOG.debug("JWKS key {} of type {} skipped: not a supported public signature key",
                        jwk.getKeyID(), jwk.getKeyType());
                return Optional.empty();
            }
            AlgorithmPolicy.requireUsable(key);
            JWSAlgorithm alg = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            return Optional.of(new CandidateKey(jwk.getKeyID(), alg, key));
        } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.warn("JWKS key {} skipped: {}", jwk.getKeyID(), e.getMessage());
            return Optional.empty();
        }
    }

    private static PublicKey publicKeyOf(JWK jwk) throws JOSEException, GeneralSecurityException {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        if (jwk instanceof OctetKeyPair okp) {
            return edDsaKey(okp);
        }
        return null;
    }

    private static PublicKey edDsaKey(OctetKeyPair okp) throws GeneralSecurityException {
        byte[] prefix;
        if (Curve.Ed25519.equals(okp.getCurve())) {
            prefix = ED25519_SPKI_PREFIX;
        } else if (Curve.Ed448.equals(okp.getCurve())) {
            prefix = ED448_SPKI_PREFIX;
        } else {
            return null; // X25519/X448 are key-agreement curves
        }
        byte[] raw = okp.getDecodedX();
        byte[] spki = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(raw, 0, spki, prefix.length, raw.length);
        return KeyFactory.getInstance("EdDSA").generatePublic(new X509EncodedKeySpec(spki));
    }
}
