package dev.realtime.testkit.wire;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/** Tokens for the tests: valid ones, and each kind the server must refuse. */
public final class TestTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;

    public TestTokens(String secret) {
        this.secret = secret;
    }

    public static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String valid(String userId) {
        return sign(secret, userId, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token issued now that expires {@code ttl} from now (to the second), for expiry and refresh tests. */
    public String expiringIn(String userId, Duration ttl) {
        Instant now = Instant.now();
        return sign(secret, userId, now, now.plus(ttl));
    }

    public String wrongKey(String userId) {
        return sign(randomSecret(), userId, Instant.now().plus(Duration.ofHours(1)));
    }

    public String expired(String userId) {
        return sign(secret, userId, Instant.now().minus(Duration.ofHours(1)));
    }

    /** An unsigned token ({@code alg: none}) with otherwise perfect claims. */
    public String algNone(String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"" + userId + "\",\"exp\":"
                + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static String sign(String key, String userId, Instant expires) {
        return sign(key, userId, Instant.now().minus(Duration.ofHours(2)), expires);
    }

    private static String sign(String key, String userId, Instant issued, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(userId).issueTime(Date.from(issued))
                    .expirationTime(Date.from(expires)).build());
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
