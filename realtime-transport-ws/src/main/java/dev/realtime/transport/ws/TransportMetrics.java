package dev.realtime.transport.ws;

import dev.realtime.transport.common.internal.connection.ProtocolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The transport's meters: refusals, slow readers, oversized frames, handler failures, open sockets. */
final class TransportMetrics implements ProtocolMetrics {
    private final MeterRegistry registry;
    private final Counter slowReaders;
    private final Counter tooBig;
    private final Counter handlerErrors;
    private final Counter handshakeTimeouts;
    private final Counter authTimeouts;
    private final Counter pongsSkipped;

    TransportMetrics(MeterRegistry registry, Supplier<Number> openSockets) {
        this.registry = registry;
        slowReaders = Counter.builder("realtime.ws.slow.readers.closed")
                .description("connections closed because their unsent output passed the bound").register(registry);
        tooBig = Counter.builder("realtime.ws.frames.too.big")
                .description("connections closed for sending a message over the payload limit").register(registry);
        handlerErrors = Counter.builder("realtime.ws.handler.errors")
                .description("unexpected exceptions contained in connection handlers").register(registry);
        handshakeTimeouts = Counter.builder("realtime.ws.handshake.timeouts")
                .description("TCP connections closed for not completing the upgrade in time").register(registry);
        authTimeouts = Counter.builder("realtime.ws.auth.timeouts")
                .description("connections closed for not authenticating in time").register(registry);
        pongsSkipped = Counter.builder("realtime.ws.pongs.skipped")
                .description("client pings left unanswered because an earlier pong was still unsent")
                .register(registry);
        Gauge.builder("realtime.ws.sockets.open", openSockets).description("open WebSocket connections")
                .register(registry);
    }

    void handshakeRefused(int status) {
        Counter.builder("realtime.ws.handshakes.refused").tag("status", Integer.toString(status))
                .description("upgrade requests refused before a WebSocket opened").register(registry).increment();
    }

    void protocolViolation(int closeCode) {
        Counter.builder("realtime.ws.protocol.violations").tag("code", Integer.toString(closeCode))
                .description("connections closed for breaking the WebSocket protocol or its size limits")
                .register(registry).increment();
    }

    void pongSkipped() {
        pongsSkipped.increment();
    }

    @Override
    public void slowReaderClosed() {
        slowReaders.increment();
    }

    void frameTooBig() {
        tooBig.increment();
    }

    @Override
    public void handlerError() {
        handlerErrors.increment();
    }

    void handshakeTimeout() {
        handshakeTimeouts.increment();
    }

    @Override
    public void authTimeout() {
        authTimeouts.increment();
    }

    double slowReadersClosed() {
        return slowReaders.count();
    }
}
