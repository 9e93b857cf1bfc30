package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users whose tokens were revoked, each with the moment of revocation: a token of such a user issued at or
 * before that moment (to the second, the precision of {@code iat}), or without {@code iat}, is refused for
 * {@code keepFor} after it. Longer than that a revocation is not needed once tokens live shorter. Bounded: at
 * most {@code maxUsers} entries; when full, lapsed entries are dropped first, then the oldest one. Internal.
 */
final class Revocations {
    private final Clock clock;
    private final long keepForMillis;
    private final int maxUsers;
    private final Map<String, Long> revokedAt = new ConcurrentHashMap<>();

    Revocations(Clock clock, Duration keepFor, int maxUsers) {
        this.clock = clock;
        this.keepForMillis = keepFor.toMillis();
        this.maxUsers = maxUsers;
    }

    /** Records a revocation at {@code atMillis}; a later one of the same user wins. */
    void revoke(String userId, long atMillis) {
        if (!revokedAt.containsKey(userId) && revokedAt.size() >= maxUsers) {
            makeRoom();
        }
        revokedAt.merge(userId, atMillis, Math::max);
    }

    /** Whether {@code principal}'s token was issued before a revocation of its user that still holds. */
    boolean refuses(Principal principal) {
        if (principal.anonymous()) {
            return false;
        }
        Long at = revokedAt.get(principal.userId());
        if (at == null || lapsed(at)) {
            return false;
        }
        long issuedAt = TokenClaims.issuedAtMillis(principal);
        return issuedAt < 0 || issuedAt <= at;
    }

    /** The revocations that still hold, for a node that joins the cluster later. */
    Map<String, Long> active() {
        Map<String, Long> copy = new HashMap<>();
        revokedAt.forEach((user, at) -> {
            if (!lapsed(at)) {
                copy.put(user, at);
            }
        });
        return copy;
    }

    int size() {
        return revokedAt.size();
    }

    /** Drops lapsed entries. */
    void purge() {
        revokedAt.values().removeIf(this::lapsed);
    }

    private boolean lapsed(long at) {
        return clock.millis() - at >= keepForMillis;
    }

    private void makeRoom() {
        purge();
        if (revokedAt.size() < maxUsers) {
            return;
        }
        revokedAt.entrySet().stream().min(Map.Entry.comparingByValue())
                .ifPresent(oldest -> revokedAt.remove(oldest.getKey(), oldest.getValue()));
    }
}
