package dev.realtime.standalone;

import dev.realtime.core.spi.transport.Transport;
import dev.realtime.standalone.config.ServerConfig;
import dev.realtime.standalone.config.TransportKind;
import dev.realtime.transport.netty.NettyTransport;
import dev.realtime.transport.ws.WebSocketTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The transport clients connect to, chosen by {@code REALTIME_TRANSPORT}, with the few figures the standalone
 * reports about it (bound port, open sockets, slow readers closed).
 */
record ClientTransport(String name, Transport transport, IntSupplier port, IntSupplier openConnections,
                       LongSupplier slowReadersClosed) {

    static ClientTransport create(ServerConfig config, MeterRegistry registry) {
        if (config.transport() == TransportKind.JAVA_WEBSOCKET) {
            WebSocketTransport ws = WebSocketTransport.create(config.transportOptions(), registry);
            return new ClientTransport(TransportKind.JAVA_WEBSOCKET.wireName(), ws, ws::port, ws::openConnections, ws::slowReadersClosed);
        }
        NettyTransport netty = NettyTransport.create(config.nettyTransportOptions(), registry);
        return new ClientTransport(TransportKind.NETTY.wireName(), netty, netty::port, netty::openConnections, netty::slowReadersClosed);
    }

    /**
     * Binds the client port before the rest of the node is wired, where the transport can (Netty): clients that
     * reconnect while the node starts wait in the accept queue until it serves them instead of being refused.
     */
    void listenEarly() {
        if (transport instanceof NettyTransport netty) {
            netty.listen();
        }
    }

}
