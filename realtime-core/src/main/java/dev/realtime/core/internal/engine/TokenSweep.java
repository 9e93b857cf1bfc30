package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.protocol.TokenPayloads;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.Scheduler.Cancellable;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Enforces token expiry on open connections with one pass over them per {@link #INTERVAL}, instead of a
 * timer per connection (like the transports' heartbeat sweep): a connection within {@code warning} of its
 * token's {@code exp} gets {@code token:expiring} once per token; one past it gets an {@code error}
 * {@code TOKEN_EXPIRED} and is closed with {@link CloseReason#TOKEN_EXPIRED}. Runs on the clock's thread. Internal.
 */
final class TokenSweep {
    /** How often connections are checked; also how late a warning or a close may come. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final RealtimeError EXPIRED = RealtimeError.of(ErrorCode.TOKEN_EXPIRED,
            "the token expired; get a new one and reconnect (send auth:refresh before token:expiring's expiresAt "
                    + "to stay connected)");

    private final Clock clock;
    private final long warningMillis;
    private final ConnectionRegistry connections;
    private final RealtimeMetrics metrics;
    private final BiConsumer<LocalConnection, CloseReason> end;
    private volatile Cancellable timer;
    private volatile boolean running;

    /**
     * @param end closes a connection and tells the engine it is gone
     */
    TokenSweep(Clock clock, Duration warning, ConnectionRegistry connections, RealtimeMetrics metrics,
               BiConsumer<LocalConnection, CloseReason> end) {
        this.clock = clock;
        this.warningMillis = warning.toMillis();
        this.connections = connections;
        this.metrics = metrics;
        this.end = end;
    }

    void start() {
        running = true;
        schedule();
    }

    void stop() {
        running = false;
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    /** One pass over this node's connections. */
    void sweep() {
        long now = clock.millis();
        for (LocalConnection c : connections.all()) {
            switch (c.checkToken(now, warningMillis)) {
                case WARN -> c.channel().send(new OutboundEvent(EventNames.TOKEN_EXPIRING,
                        new TokenPayloads.Expiry(TokenClaims.isoOrNull(c.tokenExpiresAt()))));
                case EXPIRE -> expire(c);
                default -> {
                    // nothing due
                }
            }
        }
    }

    private void expire(LocalConnection c) {
        metrics.error(ErrorCode.TOKEN_EXPIRED);
        // the reason as an event first: a Socket.IO client sees only "io server disconnect" in the close
        c.channel().send(new OutboundEvent(EventNames.ERROR, EXPIRED));
        end.accept(c, CloseReason.TOKEN_EXPIRED);
    }

    private void schedule() {
        if (!running) {
            return;
        }
        timer = clock.schedule(INTERVAL, () -> {
            try {
                sweep();
            } finally {
                schedule();
            }
        });
    }
}
