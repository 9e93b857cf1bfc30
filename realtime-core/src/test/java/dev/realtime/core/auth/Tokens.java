package dev.realtime.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact tokens for tests. Signing is done by hand (JDK crypto) where nimbus would refuse, so that
 * hostile tokens (alg none, HMAC with a public key as secret, short secrets) can be made.
 */
final class Tokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** An HMAC-signed token with any secret, any HS algorithm and any header. */
    static String hmac(String alg, byte[] secret, String kid, JWTClaimsSet claims) {
        String javaAlg = switch (alg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException(alg);
        };
        return raw(header(alg, kid), claims, input -> {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret, javaAlg));
            return mac.doFinal(input);
        });
    }

    static String rsa(JWSAlgorithm alg, PrivateKey key, String kid, JWTClaimsSet claims) {
        return nimbus(alg, kid, claims, new RSASSASigner(key));
    }

    static String ec(JWSAlgorithm alg, PrivateKey key, String kid, JWTClaimsSet claims) {
        try {
            return nimbus(alg, kid, claims, new ECDSASigner((ECPrivateKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EdDSA with the JDK (nimbus would need an extra library). */
    static String ed(String alg, PrivateKey key, String kid, JWTClaimsSet claims) {
        return raw(header(alg, kid), claims, input -> {
            Signature signature = Signature.getInstance("EdDSA");
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        });
    }

    /** An unsigned token: header {@code {"alg":"<alg>"}}, empty signature. */
    static String unsigned(String alg, JWTClaimsSet claims) {
        return encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + encode(claims.toString()) + ".";
    }

    static String raw(String headerJson, JWTClaimsSet claims, SignFunction sign) {
        String input = encode(headerJson) + "." + encode(claims.toString());
        try {
            return input + "." + B64.encodeToString(sign.sign(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(String alg, String kid) {
        return kid == null ? "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}"
                : "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
    }

    private static String nimbus(JWSAlgorithm alg, String kid, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @FunctionalInterface
    interface SignFunction {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }
}
