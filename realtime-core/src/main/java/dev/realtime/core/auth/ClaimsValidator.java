package dev.realtime.core.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the time and origin claims of a verified token: {@code exp} (required), {@code nbf}, and
 * {@code iss}/{@code aud} when configured. {@code exp} and {@code nbf} are given {@code clockSkew} of slack.
 */
final class ClaimsValidator {
    private final Clock clock;
    private final Duration skew;
    private final String issuer;
    private final String audience;

    ClaimsValidator(Clock clock, Duration skew, String issuer, String audience) {
        this.clock = clock;
        this.skew = skew;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** @throws dev.realtime.core.RealtimeException {@code TOKEN_EXPIRED} or {@code INVALID_TOKEN} */
    void validate(JWTClaimsSet claims) {
        Instant now = clock.now();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw Refusals.invalid("the exp claim is required");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw Refusals.expired();
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw Refusals.invalid("token is not valid yet (nbf)");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw Refusals.invalid("issuer (iss) does not match");
        }
        if (audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(audience)) {
                throw Refusals.invalid("audience (aud) does not match");
            }
        }
    }
}
