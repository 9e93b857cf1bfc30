package dev.realtime.transport.ws;

import dev.realtime.core.spi.transport.Transport;
import dev.realtime.testkit.TransportContract;

/** The Java-WebSocket transport keeps the transport contract. */
class WebSocketTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport(Settings s) {
        return WebSocketTransport.create(WsTransportOptions.builder().host("127.0.0.1").port(0)
                .pingInterval(s.pingInterval()).pingTimeout(s.pingTimeout()).authTimeout(s.authTimeout())
                .maxOutboundBytes(s.maxOutboundBytes()).maxPayloadBytes(s.maxPayloadBytes()).build());
    }

    @Override
    protected int port(Transport transport) {
        return ((WebSocketTransport) transport).port();
    }
}
