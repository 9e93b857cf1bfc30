package dev.realtime.transport.netty;

import dev.realtime.transport.common.connection.ProtocolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The Netty transport's meters, named {@code realtime.netty.*} after the {@code realtime.ws.*} meters of the
 * other transport (same suffixes, so a dashboard needs only the prefix changed): refusals, slow readers,
 * oversized frames, handler failures, deadlines, open connections.
 */
final class NettyMetrics implements ProtocolMetrics {
    private final MeterRegistry registry;
    private final Counter slowReaders;
    private final Counter tooBig;
    private final Counter handlerErrors;
    private final Counter handshakeTimeouts;
    private final Counter authTimeouts;

    NettyMetrics(MeterRegistry registry, Supplier<Number> openConnections, Supplier<Number> waitingPolls) {
        this.registry = registry;
        slowReaders = Counter.builder("realtime.netty.slow.readers.closed")
                .description("connections closed because their unsent output passed the bound").register(registry);
        tooBig = Counter.builder("realtime.netty.frames.too.big")
                .description("connections closed for sending a message over the payload limit").register(registry);
        handlerErrors = Counter.builder("realtime.netty.handler.errors")
                .description("unexpected exceptions contained in connection handlers").register(registry);
        handshakeTimeouts = Counter.builder("realtime.netty.handshake.timeouts")
                .description("TCP connections closed for not sending a request or upgrading in time")
                .register(registry);
        authTimeouts = Counter.builder("realtime.netty.auth.timeouts")
                .description("connections closed for not authenticating in time").register(registry);
        Gauge.builder("realtime.netty.sockets.open", openConnections)
                .description("open connections, WebSocket and long-polling").register(registry);
        Gauge.builder("realtime.netty.polls.waiting", waitingPolls)
                .description("long-polling requests held open until packets arrive").register(registry);
    }

    void handshakeRefused(int status) {
        Counter.builder("realtime.netty.handshakes.refused").tag("status", Integer.toString(status))
                .description("HTTP requests refused before a connection opened").register(registry).increment();
    }

    void protocolViolation(int closeCode) {
        Counter.builder("realtime.netty.protocol.violations").tag("code", Integer.toString(closeCode))
                .description("connections closed for breaking the WebSocket protocol or its size limits")
                .register(registry).increment();
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
