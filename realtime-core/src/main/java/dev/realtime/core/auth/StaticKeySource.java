package dev.realtime.core.auth;

import java.util.List;

/** One configured key (HMAC secret or public key); the token's {@code kid} is irrelevant. */
final class StaticKeySource implements KeySource {
    private final List<CandidateKey> keys;

    StaticKeySource(CandidateKey key) {
        this.keys = List.of(key);
    }

    @Override
    public List<CandidateKey> keysFor(String kid) {
        return keys;
    }
}
