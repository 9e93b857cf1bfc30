package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.Transport;
import dev.realtime.testkit.TransportContract;

/** The Netty transport keeps the transport contract. */
class NettyTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport(Settings s) {
        return NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1").port(0).ioThreads(2)
                .pingInterval(s.pingInterval()).pingTimeout(s.pingTimeout()).authTimeout(s.authTimeout())
                .maxOutboundBytes(s.maxOutboundBytes()).maxPayloadBytes(s.maxPayloadBytes()).build());
    }

    @Override
    protected int port(Transport transport) {
        return ((NettyTransport) transport).port();
    }
}
