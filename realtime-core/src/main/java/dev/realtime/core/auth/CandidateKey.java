package dev.realtime.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.Key;
import java.util.Objects;

/**
 * A key a token may have been signed with.
 *
 * @param kid       key id, or null
 * @param algorithm the only algorithm this key may be used with (a JWK's {@code alg}), or null for any the
 *                  key type allows
 * @param key       the verification key
 */
record CandidateKey(String kid, JWSAlgorithm algorithm, Key key) {
    CandidateKey {
        Objects.requireNonNull(key, "key");
    }

    /** True when this key may verify a token signed with {@code alg}. */
    boolean permits(JWSAlgorithm alg) {
        return (algorithm == null || algorithm.equals(alg)) && AlgorithmPolicy.allowedFor(key).contains(alg);
    }
}
