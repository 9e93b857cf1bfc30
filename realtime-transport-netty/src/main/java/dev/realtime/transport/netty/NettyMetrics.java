package dev.realtime.transport.netty;

import dev.realtime.transport.common.internal.connection.ProtocolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The Netty transport's meters, under the same {@code realtime.ws.*} names as the other transport's, so that
 * dashboards and alerts survive a change of transport: refusals, slow readers, oversized frames, handler
 * failures, deadlines, open connections, and (long-polling only) polls held open.
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
        slowReaders = Counter.builder("realtime.ws.slow.readers.closed")
                .description("connections closed because their unsent output passed the bound").register(registry);
        tooBig = Counter.builder("realtime.ws.frames.too.big")
                .description("connections closed for sending a message over the payload limit").register(registry);
        handlerErrors = Counter.builder("realtime.ws.handler.errors")
                .description("unexpected exceptions contained in connection handlers").register(registry);
        handshakeTimeouts = Counter.builder("realtime.ws.handshake.timeouts")
                .description("TCP connections closed for not sending a request or upgrading in time")
                .register(registry);
        authTimeouts = Counter.builder("realtime.ws.auth.timeouts")
                .description("connections closed for not authenticating in time").register(registry);
        Gauge.builder("realtime.ws.sockets.open", openConnections)
                .description("open connections, WebSocket and long-polling").register(registry);
        Gauge.builder("realtime.ws.polls.waiting", waitingPolls)
                .description("long-polling requests held open until packets arrive").register(registry);
    }

    void handshakeRefused(int status) {
        Counter.builder("realtime.ws.handshakes.refused").tag("status", Integer.toString(status))
                .description("HTTP requests refused before a connection opened").register(registry).increment();
    }

    void protocolViolation(int closeCode) {
        Counter.builder("realtime.ws.protocol.violations").tag("code", Integer.toString(closeCode))
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
