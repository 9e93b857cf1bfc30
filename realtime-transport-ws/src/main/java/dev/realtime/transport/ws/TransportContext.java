package dev.realtime.transport.ws;

import dev.realtime.core.spi.transport.ConnectionGateway;

/** What every connection of one running transport shares. */
record TransportContext(WebSocketTransport transport, ConnectionGateway gateway, WsTransportOptions options,
                        Timers timers, SocketWriter writer, TransportMetrics metrics) {
}
