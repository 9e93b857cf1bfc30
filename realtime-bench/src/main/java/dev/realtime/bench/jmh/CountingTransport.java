package dev.realtime.bench.jmh;

import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import java.util.List;

/**
 * A transport without sockets: encodes each event once as a Socket.IO text frame (as a real codec
 * would) and "writes" the same bytes to every recipient by counting them. What remains is the
 * engine's hot path: routing, validation, fan-out and the one-time encoding.
 */
final class CountingTransport implements Transport {
    private static final Object CODEC = new Object();
    volatile ConnectionGateway gateway;
    long frames;
    long bytes;

    @Override
    public void start(ConnectionGateway value) {
        // connections are opened by the benchmark itself, through the gateway the node hands over here
        this.gateway = value;
    }

    @Override
    public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
        byte[] frame = event.encoded(CODEC, SocketIoFrames::event);
        for (ConnectionChannel r : recipients) {
            ((Channel) r).write(frame);
        }
    }

    @Override
    public void stop() {
        // nothing to release
    }

    Channel channel() {
        return new Channel();
    }

    /** One counted connection. */
    final class Channel implements ConnectionChannel {
        @Override
        public Transport transport() {
            return CountingTransport.this;
        }

        @Override
        public void send(OutboundEvent event) {
            write(event.encoded(CODEC, SocketIoFrames::event));
        }

        @Override
        public void sendAck(long ackId, AckReply reply) {
            frames++;
        }

        @Override
        public void close(CloseReason reason) {
            // never closed during a benchmark
        }

        void write(byte[] frame) {
            frames++;
            bytes += frame.length;
        }
    }
}
