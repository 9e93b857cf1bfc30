package dev.realtime.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints HS256 JWTs for benchmark users, so both servers authenticate the generator the same way. */
public final class Hs256Tokens {
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] secret;

    /** @param secret the shared HMAC secret */
    public Hs256Tokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A token for {@code userId}, valid for a day from {@code nowEpochSeconds}. */
    public String forUser(String userId, long nowEpochSeconds) {
        return sign("{\"sub\":\"" + userId + "\",\"iat\":" + nowEpochSeconds
                + ",\"exp\":" + (nowEpochSeconds + 86_400) + "}");
    }

    /** Signs the claims JSON exactly as given. */
    public String sign(String claimsJson) {
        String input = B64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
