package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.RefreshAuthorizer;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Principal;
import dev.realtime.core.protocol.TokenPayloads;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.InboundEvent;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auth:refresh {token}}: the new token is verified like one presented at connect, must name the same
 * user, must not be revoked, and passes the host's {@link RefreshAuthorizer}s; then it replaces the
 * connection's token (expiry and claims), and rooms the new claims no longer allow are left. A refused
 * refresh changes nothing. Internal.
 */
final class TokenRefresh {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresh.class);

    private final Authenticator authenticator;
    private final UserRevocation revocation;
    private final List<RefreshAuthorizer> authorizers;
    private final RoomService roomService;

    TokenRefresh(Authenticator authenticator, UserRevocation revocation, List<RefreshAuthorizer> authorizers,
                 RoomService roomService) {
        this.authenticator = authenticator;
        this.revocation = revocation;
        this.authorizers = List.copyOf(authorizers);
        this.roomService = roomService;
    }

    /** The handler of {@code auth:refresh}; the ack data is the new expiry. */
    TokenPayloads.Expiry refresh(LocalConnection c, InboundEvent e) {
        String token = PayloadReader.of(e.data()).requiredString("token", JwtAuthenticator.MAX_TOKEN_LENGTH);
        if (c.anonymous() || authenticator == null) {
            throw new RealtimeException(ErrorCode.FORBIDDEN, "an anonymous connection has no token to refresh");
        }
        ConnectionInfo info = c.info();
        Principal next = verify(new Credentials(token, Map.of(), info.ip(), info.userAgent(), Map.of()));
        if (!next.userId().equals(c.userId())) {
            throw new RealtimeException(ErrorCode.FORBIDDEN,
                    "the token is for another user; a connection keeps its user (reconnect to switch)");
        }
        if (revocation.refuses(next)) {
            throw new RealtimeException(ErrorCode.TOKEN_REVOKED, "tokens of this user issued before their "
                    + "revocation are refused; get a new one");
        }
        for (RefreshAuthorizer a : authorizers) {
            Decision d = a.authorize(info, c.principal(), next);
            if (!d.allowed()) {
                throw new RealtimeException(d.refusal().code(), d.refusal().message());
            }
        }
        c.refreshed(next);
        roomService.recheck(c);
        return new TokenPayloads.Expiry(TokenClaims.isoOrNull(c.tokenExpiresAt()));
    }

    private Principal verify(Credentials credentials) {
        try {
            return authenticator.authenticate(credentials);
        } catch (RealtimeException e) {
            throw e;
        } catch (RuntimeException e) {
            // as at connect: a failing custom authenticator is a refusal, not a server error
            LOG.error("authenticator failed unexpectedly on a refresh", e);
            throw new RealtimeException(ErrorCode.INVALID_TOKEN, "token could not be verified");
        }
    }
}
