package dev.realtime.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Credentials;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies JSON Web Tokens (JWS compact form) and turns them into {@link Principal}s.
 *
 * <p>Steps: the token is parsed; unsigned ({@code alg: none}) and encrypted tokens are refused; the
 * algorithm must be one the configured key allows (HMAC secret: HS256/384/512; RSA: RS*, PS*; EC: the ES
 * algorithm of its curve; Ed25519/Ed448: EdDSA), which rules out algorithm confusion; the signature is
 * checked; then {@code exp} (required), {@code nbf}, {@code iss} and {@code aud}; finally the user id is read
 * from the configured claims. The session id is the {@code sid} claim, else {@code jti}, else a random UUID.
 *
 * <p>Refusals are {@link dev.realtime.core.RealtimeException}s: {@code AUTH_REQUIRED} (no token),
 * {@code TOKEN_EXPIRED}, {@code INVALID_TOKEN} (everything else), or {@code UNAVAILABLE} when a JWKS could not
 * be loaded yet. Messages never contain the token.
 *
 * <p>Thread-safe. With a JWKS URL, keys are fetched in the background (see {@link JwtOptions}); a verification
 * blocks at most {@link JwtOptions#jwksMaxWait()} and only when no cached key matches. {@link #close()} stops
 * the background refresh.
 */
public final class JwtAuthenticator implements Authenticator, AutoCloseable {
    /** Longest token accepted, in characters; bounds parsing work for hostile input. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final String BEARER_PREFIX = "bearer ";

    private final KeySource keys;
    private final ClaimsValidator claimsValidator;
    private final UserIdResolver userIds;

    /**
     * Creates the authenticator; with a JWKS URL this starts the first key fetch in the background. A node makes
     * one on its own clock with {@code Realtime.builder().jwt(options)}.
     *
     * @param clock the wall clock for {@code exp}/{@code nbf}, the ticker for the JWKS refetch cooldown and the
     *              scheduler of JWKS refreshes (the node's clock); not closed by {@link #close()}
     */
    public JwtAuthenticator(JwtOptions options, Clock clock) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        this.keys = keySourceFor(options, clock);
        this.claimsValidator = new ClaimsValidator(clock, options.clockSkew(), options.issuer(), options.audience());
        this.userIds = new UserIdResolver(options.userIdClaims());
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        String token = withoutBearerPrefix(credentials == null ? null : credentials.token());
        if (token == null) {
            throw Refusals.required();
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw Refusals.invalid("token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        SignedJWT jwt = parseSigned(token);
        verifySignature(jwt);
        JWTClaimsSet claims = claimsOf(jwt);
        claimsValidator.validate(claims);
        Map<String, Object> claimMap = copyClaims(claims.toJSONObject());
        String userId = userIds.resolve(claimMap);
        return new Principal(userId, sessionIdOf(claims), false, claimMap);
    }

    /** Stops the background JWKS refresh, if any. */
    @Override
    public void close() {
        keys.close();
    }

    private static KeySource keySourceFor(JwtOptions options, Clock clock) {
        if (options.hmacSecret() != null) {
            return new StaticKeySource(new CandidateKey(null, null, new SecretKeySpec(options.hmacSecret(), "HMAC")));
        }
        if (options.publicKey() != null) {
            return new StaticKeySource(new CandidateKey(null, null, options.publicKey()));
        }
        JwksKeySource jwks = new JwksKeySource(options.jwksUrl(), clock, options.jwksRefreshInterval(),
                options.jwksFetchTimeout(), options.jwksMaxWait());
        jwks.start();
        return jwks;
    }

    private static String withoutBearerPrefix(String token) {
        if (token == null) {
            return null;
        }
        String trimmed = token.strip();
        if (trimmed.length() >= BEARER_PREFIX.length()
                && trimmed.substring(0, BEARER_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BEARER_PREFIX)) {
            trimmed = trimmed.substring(BEARER_PREFIX.length()).strip();
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static SignedJWT parseSigned(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // the parser's message may quote parts of the token: do not propagate it
            throw Refusals.invalid("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            throw Refusals.invalid("unsigned tokens (alg none) are not accepted");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw Refusals.invalid("only signed tokens (JWS) are accepted");
        }
        if (signed.getHeader().getCriticalParams() != null && !signed.getHeader().getCriticalParams().isEmpty()) {
            throw Refusals.invalid("critical header parameters are not supported");
        }
        return signed;
    }

    private void verifySignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        List<CandidateKey> candidates = keys.keysFor(header.getKeyID());
        if (candidates.isEmpty()) {
            throw Refusals.invalid("no signing key matches the token's key id");
        }
        boolean algorithmAllowed = false;
        for (CandidateKey candidate : candidates) {
            if (candidate.permits(alg)) {
                algorithmAllowed = true;
                if (SignatureCheck.verifies(jwt, candidate.key())) {
                    return;
                }
            }
        }
        if (!algorithmAllowed) {
            throw Refusals.invalid("the token's algorithm is not allowed for the configured key");
        }
        throw Refusals.invalid("signature does not verify");
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw Refusals.invalid("malformed claims");
        }
    }

    private static String sessionIdOf(JWTClaimsSet claims) {
        for (String name : List.of("sid", "jti")) {
            if (claims.getClaim(name) instanceof String id && !id.isBlank()) {
                return id;
            }
        }
        return UUID.randomUUID().toString();
    }

    /** An immutable deep copy without null values (they carry no information and immutable maps reject them). */
    private static Map<String, Object> copyClaims(Map<String, Object> claims) {
        Map<String, Object> copy = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (value != null) {
                copy.put(name, deepCopy(value));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                if (item != null) {
                    copy.put(String.valueOf(key), deepCopy(item));
                }
            });
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(item == null ? null : deepCopy(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
