package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.ConnectionGateway;

/** What every connection of one running transport shares. */
record NettyContext(NettyTransport transport, ConnectionGateway gateway, NettyTransportOptions options,
                    NettyMetrics metrics, ConnectionRegistry connections) {
}
