package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.testkit.ManualClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Redis of its own, restarted without persistence mid-stream: the history is gone, the room gets a new epoch and
 * offsets start again, so a client's old position is recognised as lost; while Redis is down appends fail with
 * UNAVAILABLE and the history reconnects by itself.
 */
class RedisHistoryRestartIT {
    private static final HistoryLimits LIMITS = new HistoryLimits(100, Duration.ofHours(1));

    private final ManualClock clock = new ManualClock();

    private ChatMessage message(String content) {
        return new ChatMessage(UUID.randomUUID(), "general", 0, "alice", content, null, null, clock.now());
    }

    @Test
    void aRestartedRedisStartsANewEpoch() {
        try (PrivateRedisServer redis = PrivateRedisServer.started();
             RedisHistory history = new RedisHistory(RedisBusOptions.builder().url(redis.url()).build(), clock)) {
            for (int i = 1; i <= 3; i++) {
                history.append(message("m" + i), LIMITS);
            }
            HistoryPosition before = history.position("general");

            redis.kill();
            assertThatThrownBy(() -> history.append(message("lost"), LIMITS)).isInstanceOfSatisfying(
                    RealtimeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            redis.start();
            HistoryPosition after = history.position("general");
            long next = history.append(message("m4"), LIMITS).message().seq();

            assertThat(before.offset()).isEqualTo(3);
            assertThat(after.offset()).isZero();
            assertThat(after.epoch()).isNotEqualTo(before.epoch());
            assertThat(next).isEqualTo(1);
            assertThat(history.position("general").epoch()).isEqualTo(after.epoch());
            assertThat(history.read("general", HistoryQuery.newest(10))).extracting(ChatMessage::content)
                    .containsExactly("m4");
        }
    }
}
