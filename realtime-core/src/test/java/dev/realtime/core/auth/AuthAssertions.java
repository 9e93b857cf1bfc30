package dev.realtime.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Credentials;

/** Assertions on authentication outcomes. */
final class AuthAssertions {
    private AuthAssertions() {
    }

    static Principal accepted(Authenticator authenticator, String token) {
        return authenticator.authenticate(Credentials.ofToken(token));
    }

    /**
     * Asserts a refusal with {@code code} whose message contains neither the token nor any of its parts.
     */
    static RealtimeException refused(Authenticator authenticator, String token, ErrorCode code) {
        try {
            Principal principal = authenticator.authenticate(Credentials.ofToken(token));
            return fail("expected %s but was accepted as %s", code, principal.userId());
        } catch (RealtimeException e) {
            assertThat(e.code()).as("refusal code, message: %s", e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).isNotBlank();
            if (token != null) {
                assertThat(e.getMessage()).doesNotContain(token);
                for (String part : token.split("\\.")) {
                    if (part.length() >= 8) {
                        assertThat(e.getMessage()).doesNotContain(part);
                    }
                }
            }
            return e;
        }
    }
}
