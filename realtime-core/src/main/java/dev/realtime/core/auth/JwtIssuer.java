package dev.realtime.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.realtime.core.spi.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Signs HS256 tokens, for development servers, tests and examples. Production tokens come from your identity
 * provider; this class exists so that a local setup needs no second service.
 *
 * <p>Tokens carry {@code sub} (the user id), {@code iat}, {@code exp}, a random {@code jti}, and any extra
 * claims (for example {@code iss}, {@code aud}, {@code name}). Thread-safe.
 */
public final class JwtIssuer {
    private static final Set<String> RESERVED = Set.of("sub", "iat", "exp");

    private final MACSigner signer;
    private final Supplier<Instant> now;

    /** An issuer using the system time; {@code secret} as UTF-8, at least 32 bytes. */
    public JwtIssuer(String secret) {
        this(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8), Instant::now);
    }

    /** An issuer whose {@code iat}/{@code exp} follow {@code clock}; {@code secret} as UTF-8, at least 32 bytes. */
    public JwtIssuer(String secret, Clock clock) {
        this(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8),
                Objects.requireNonNull(clock, "clock")::now);
    }

    private JwtIssuer(byte[] secret, Supplier<Instant> now) {
        // same validation and message as the verifying side
        byte[] checked = JwtOptions.builder().hmacSecret(secret).build().hmacSecret();
        try {
            this.signer = new MACSigner(checked);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT secret cannot be used for HS256", e);
        }
        this.now = now;
    }

    /** A token for {@code userId} valid for {@code ttl}, without extra claims. */
    public String issue(String userId, Duration ttl) {
        return issue(userId, ttl, Map.of());
    }

    /**
     * A token for {@code userId} valid for {@code ttl}.
     *
     * @param extraClaims added to the payload; must not contain {@code sub}, {@code iat} or {@code exp}
     * @throws IllegalArgumentException for a blank user id, a non-positive ttl or a reserved extra claim
     */
    public String issue(String userId, Duration ttl, Map<String, Object> extraClaims) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        Objects.requireNonNull(extraClaims, "extraClaims");
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        extraClaims.forEach((name, value) -> {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("extra claim '" + name + "' is set by the issuer itself");
            }
            claims.claim(name, value);
        });
        Instant issuedAt = now.get();
        claims.subject(userId)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)));
        if (!extraClaims.containsKey("jti")) {
            claims.jwtID(UUID.randomUUID().toString());
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}
