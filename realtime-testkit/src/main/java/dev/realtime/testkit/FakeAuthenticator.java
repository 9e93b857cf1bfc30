package dev.realtime.testkit;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Credentials;

/**
 * A fake authenticator for tests about anything but token parsing: the token {@code user:<id>} is user
 * {@code <id>} with session {@code session-<id>}.
 *
 * <pre>{@code
 * Realtime rt = Realtime.builder().authenticator(FakeAuthenticator.INSTANCE).transport(transport).build();
 * TestClient alice = transport.connect(FakeAuthenticator.token("alice"));
 * }</pre>
 *
 * <p>Refusals: no token is {@code AUTH_REQUIRED}, the token {@code expired} is {@code TOKEN_EXPIRED}, anything
 * else without the prefix is {@code INVALID_TOKEN}. Never use it outside tests: it trusts whatever it is given.
 */
public final class FakeAuthenticator implements Authenticator {
    /** The shared instance (it holds no state). */
    public static final FakeAuthenticator INSTANCE = new FakeAuthenticator();
    /** The prefix of every token this authenticator accepts. */
    public static final String PREFIX = "user:";
    /** The one token refused as expired. */
    public static final String EXPIRED = "expired";

    private FakeAuthenticator() {
    }

    /** The token of a user: {@code user:<id>}. */
    public static String token(String userId) {
        return PREFIX + userId;
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        String token = credentials.token();
        if (token == null) {
            throw new RealtimeException(ErrorCode.AUTH_REQUIRED, "authentication required");
        }
        if (token.equals(EXPIRED)) {
            throw new RealtimeException(ErrorCode.TOKEN_EXPIRED, "token expired");
        }
        if (!token.startsWith(PREFIX) || token.length() == PREFIX.length()) {
            throw new RealtimeException(ErrorCode.INVALID_TOKEN, "invalid token");
        }
        String userId = token.substring(PREFIX.length());
        return Principal.user(userId, "session-" + userId);
    }
}
