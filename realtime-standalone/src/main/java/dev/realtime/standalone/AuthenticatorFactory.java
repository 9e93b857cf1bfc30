package dev.realtime.standalone;

import dev.realtime.core.auth.JwtOptions;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.ServerConfig;
import java.util.List;

/** Reads the token verification the configuration asks for. */
final class AuthenticatorFactory {
    private AuthenticatorFactory() {
    }

    /**
     * @return the JWT settings (the node makes the verifier on its own clock), or null when no key is configured
     *         (then only anonymous access is possible, and the configuration was already checked to allow it)
     * @throws ConfigException when the key settings cannot be used
     */
    static JwtOptions jwtOptions(ServerConfig config) {
        if (!config.hasTokenVerification()) {
            return null;
        }
        try {
            JwtOptions.Builder options = JwtOptions.builder();
            if (config.jwtSecret() != null) {
                options.hmacSecret(config.jwtSecret());
            }
            if (config.jwtPublicKey() != null) {
                // a PEM in a single-line variable may carry its line breaks as \n
                options.publicKeyPem(config.jwtPublicKey().replace("\\n", "\n"));
            }
            if (config.jwksUrl() != null) {
                options.jwksUrl(config.jwksUrl());
            }
            if (config.jwtIssuer() != null) {
                options.issuer(config.jwtIssuer());
            }
            if (config.jwtAudience() != null) {
                options.audience(config.jwtAudience());
            }
            if (config.jwtUserClaim() != null) {
                options.userIdClaim(config.jwtUserClaim());
            }
            return options.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("JWT settings (REALTIME_JWT_SECRET / REALTIME_JWT_PUBLIC_KEY / "
                    + "REALTIME_JWKS_URL): " + e.getMessage()));
        }
    }
}
