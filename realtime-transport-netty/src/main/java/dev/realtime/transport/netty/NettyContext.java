package dev.realtime.transport.netty;

import dev.realtime.transport.common.internal.connection.ProtocolContext;

/**
 * What every connection of one running transport shares: the protocol side ({@link ProtocolContext}) and this
 * transport's options, meters and open connections.
 */
record NettyContext(ProtocolContext protocol, NettyTransportOptions options, NettyMetrics metrics,
                    ConnectionRegistry connections) {
}
