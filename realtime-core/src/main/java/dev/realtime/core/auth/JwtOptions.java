package dev.realtime.core.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable settings of a {@link JwtAuthenticator}. Exactly one key source is required: an HMAC secret, a
 * public key, or a JWKS URL. Every setter validates its argument immediately and throws
 * {@link IllegalArgumentException} with a message saying what is wrong; {@link Builder#build()} checks the
 * combination.
 *
 * <p>JWKS defaults: the key set is fetched in the background when the authenticator starts and every
 * {@link #jwksRefreshInterval()} (5 min) after; one fetch may take at most {@link #jwksFetchTimeout()}
 * (5 s). A verification that finds no matching key (start-up, key rotation) waits for a refresh on the
 * caller's thread for at most {@link #jwksMaxWait()} (1 s, may be zero), then decides with what it has.
 */
public final class JwtOptions {
    /** The minimum HMAC secret length in bytes (256 bits, the HS256 key size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** The default user id lookup: {@code sub}, then {@code userId}, then the Hasura claim. */
    public static final List<ClaimPath> DEFAULT_USER_ID_CLAIMS =
            List.of(ClaimPath.of("sub"), ClaimPath.of("userId"), ClaimPath.HASURA_USER_ID);

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private final byte[] hmacSecret;
    private final PublicKey publicKey;
    private final URI jwksUrl;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final List<ClaimPath> userIdClaims;
    private final Duration jwksRefreshInterval;
    private final Duration jwksFetchTimeout;
    private final Duration jwksMaxWait;

    private JwtOptions(Builder b) {
        this.hmacSecret = b.hmacSecret == null ? null : b.hmacSecret.clone();
        this.publicKey = b.publicKey;
        this.jwksUrl = b.jwksUrl;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.clockSkew = b.clockSkew;
        this.userIdClaims = b.userIdClaims;
        this.jwksRefreshInterval = b.jwksRefreshInterval;
        this.jwksFetchTimeout = b.jwksFetchTimeout;
        this.jwksMaxWait = b.jwksMaxWait;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options verifying HS256/384/512 tokens with {@code secret} (UTF-8, at least 32 bytes), other settings default. */
    public static JwtOptions hmac(String secret) {
        return builder().hmacSecret(secret).build();
    }

    /** Options verifying tokens with a PEM public key, other settings default. */
    public static JwtOptions publicKey(String pem) {
        return builder().publicKeyPem(pem).build();
    }

    /** Options verifying tokens with the keys published at a JWKS URL, other settings default. */
    public static JwtOptions jwks(String url) {
        return builder().jwksUrl(url).build();
    }

    /** A builder holding these settings, to derive changed options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hmacSecret = hmacSecret == null ? null : hmacSecret.clone();
        b.publicKey = publicKey;
        b.jwksUrl = jwksUrl;
        b.issuer = issuer;
        b.audience = audience;
        b.clockSkew = clockSkew;
        b.userIdClaims = userIdClaims;
        b.jwksRefreshInterval = jwksRefreshInterval;
        b.jwksFetchTimeout = jwksFetchTimeout;
        b.jwksMaxWait = jwksMaxWait;
        return b;
    }

    /** A copy of the HMAC secret, or null when another key source is configured. */
    public byte[] hmacSecret() {
        return hmacSecret == null ? null : hmacSecret.clone();
    }

    /** The public key (RSA, EC or EdDSA), or null when another key source is configured. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The JWKS URL, or null when another key source is configured. */
    public URI jwksUrl() {
        return jwksUrl;
    }

    /** The required {@code iss}, or null when not enforced. */
    public String issuer() {
        return issuer;
    }

    /** The audience that {@code aud} must contain, or null when not enforced. */
    public String audience() {
        return audience;
    }

    /** Tolerance applied to {@code exp} and {@code nbf}. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** Where the user id is looked up, first match wins. */
    public List<ClaimPath> userIdClaims() {
        return userIdClaims;
    }

    public Duration jwksRefreshInterval() {
        return jwksRefreshInterval;
    }

    public Duration jwksFetchTimeout() {
        return jwksFetchTimeout;
    }

    public Duration jwksMaxWait() {
        return jwksMaxWait;
    }

    @Override
    public String toString() {
        String key = hmacSecret != null ? "hmacSecret=<" + hmacSecret.length + " bytes>"
                : publicKey != null ? "publicKey=" + publicKey.getAlgorithm()
                : "jwksUrl=" + jwksUrl;
        return "JwtOptions{" + key + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew
                + ", userIdClaims=" + userIdClaims + "}";
    }

    /** Collects and validates settings; see {@link JwtOptions}. */
    public static final class Builder {
        private byte[] hmacSecret;
        private PublicKey publicKey;
        private URI jwksUrl;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(30);
        private List<ClaimPath> userIdClaims = DEFAULT_USER_ID_CLAIMS;
        private Duration jwksRefreshInterval = Duration.ofMinutes(5);
        private Duration jwksFetchTimeout = Duration.ofSeconds(5);
        private Duration jwksMaxWait = Duration.ofSeconds(1);

        private Builder() {
        }

        /** HMAC secret as UTF-8 text; at least {@value JwtOptions#MIN_SECRET_BYTES} bytes. */
        public Builder hmacSecret(String secret) {
            Objects.requireNonNull(secret, "secret");
            return hmacSecret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /** HMAC secret bytes (copied); at least {@value JwtOptions#MIN_SECRET_BYTES} bytes. */
        public Builder hmacSecret(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT secret is " + secret.length + " bytes; at least "
                        + MIN_SECRET_BYTES + " bytes (256 bits) are required for HS256/384/512");
            }
            this.hmacSecret = Arrays.copyOf(secret, secret.length);
            return this;
        }

        /** Public key in PEM: {@code BEGIN PUBLIC KEY} (RSA, EC P-256/384/521, Ed25519/Ed448) or {@code BEGIN CERTIFICATE}. */
        public Builder publicKeyPem(String pem) {
            return publicKey(PemPublicKeys.parse(pem));
        }

        /** Public key: RSA (at least 2048 bits), EC P-256/384/521, Ed25519 or Ed448. */
        public Builder publicKey(PublicKey key) {
            Objects.requireNonNull(key, "key");
            AlgorithmPolicy.requireUsable(key);
            this.publicKey = key;
            return this;
        }

        /** URL of a JSON Web Key Set (http or https). */
        public Builder jwksUrl(String url) {
            Objects.requireNonNull(url, "url");
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JWKS URL is not a valid URI", e);
            }
            return jwksUrl(uri);
        }

        /** URL of a JSON Web Key Set (http or https). */
        public Builder jwksUrl(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("JWKS URL must be an absolute http(s) URL, got: " + url);
            }
            this.jwksUrl = url;
            return this;
        }

        /** The {@code iss} every token must carry; null turns the check off. */
        public Builder issuer(String issuer) {
            this.issuer = blankToNull(issuer, "issuer");
            return this;
        }

        /** The value {@code aud} must contain; null turns the check off. */
        public Builder audience(String audience) {
            this.audience = blankToNull(audience, "audience");
            return this;
        }

        /** Tolerance for {@code exp}/{@code nbf}; 0 to 10 minutes. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW
                        + ", got " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** Reads the user id from this top-level claim only (replaces the default lookup order). */
        public Builder userIdClaim(String claim) {
            return userIdClaims(List.of(ClaimPath.of(claim)));
        }

        /** Reads the user id from the first of these paths that holds one (replaces the default order). */
        public Builder userIdClaims(List<ClaimPath> paths) {
            Objects.requireNonNull(paths, "paths");
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("at least one user id claim is required");
            }
            this.userIdClaims = List.copyOf(paths);
            return this;
        }

        /** How often the JWKS is re-fetched; at least 1 second. */
        public Builder jwksRefreshInterval(Duration interval) {
            this.jwksRefreshInterval = atLeast(interval, Duration.ofSeconds(1), "JWKS refresh interval");
            return this;
        }

        /** Bound on one JWKS fetch (connect, response and body); at least 100 ms. */
        public Builder jwksFetchTimeout(Duration timeout) {
            this.jwksFetchTimeout = atLeast(timeout, Duration.ofMillis(100), "JWKS fetch timeout");
            return this;
        }

        /** Longest a verification waits on its caller's thread for a JWKS refresh; 0 to 10 seconds. */
        public Builder jwksMaxWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("JWKS max wait must be between 0 and 10 s, got " + wait);
            }
            this.jwksMaxWait = wait;
            return this;
        }

        /** @throws IllegalArgumentException unless exactly one key source is configured */
        public JwtOptions build() {
            int sources = (hmacSecret != null ? 1 : 0) + (publicKey != null ? 1 : 0) + (jwksUrl != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("configure exactly one JWT key source (HMAC secret, public key"
                        + " or JWKS URL); " + sources + " configured");
            }
            return new JwtOptions(this);
        }

        private static String blankToNull(String value, String name) {
            if (value == null) {
                return null;
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank (use null to turn the check off)");
            }
            return value;
        }

        private static Duration atLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
