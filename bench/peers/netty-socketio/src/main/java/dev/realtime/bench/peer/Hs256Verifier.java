package dev.realtime.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies HMAC-signed JWTs (HS256/384/512) the way the Node reference does with jsonwebtoken. */
final class Hs256Verifier {
    /** Seconds of clock skew tolerated on {@code exp}, as the Node reference's {@code clockTolerance}. */
    private static final long CLOCK_TOLERANCE_S = 30;
    private static final Map<String, String> MACS = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384",
            "HS512", "HmacSHA512");

    private final byte[] secret;
    private final ObjectMapper json = new ObjectMapper();

    Hs256Verifier(String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("BENCH_JWT_SECRET must be at least 32 bytes");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The token's user id ({@code sub}, else {@code userId}); throws {@link Refused} with an error code. */
    String userOf(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("INVALID_TOKEN", "jwt malformed");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            String mac = MACS.get(json.readTree(b64.decode(parts[0])).path("alg").asText());
            if (mac == null) {
                throw new Refused("INVALID_TOKEN", "invalid algorithm");
            }
            Mac hmac = Mac.getInstance(mac);
            hmac.init(new SecretKeySpec(secret, mac));
            byte[] expected = hmac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, b64.decode(parts[2]))) {
                throw new Refused("INVALID_TOKEN", "invalid signature");
            }
            JsonNode claims = json.readTree(b64.decode(parts[1]));
            long now = System.currentTimeMillis() / 1000;
            if (claims.has("exp") && claims.get("exp").asLong() + CLOCK_TOLERANCE_S < now) {
                throw new Refused("TOKEN_EXPIRED", "jwt expired");
            }
            JsonNode user = claims.has("sub") ? claims.get("sub") : claims.get("userId");
            if (user == null || user.asText().isEmpty()) {
                throw new Refused("INVALID_TOKEN", "Token has no user id");
            }
            return user.asText();
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            throw new Refused("INVALID_TOKEN", "jwt malformed");
        }
    }

    /** A refused token: {@code code} is the PROTOCOL.md error code. */
    static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
