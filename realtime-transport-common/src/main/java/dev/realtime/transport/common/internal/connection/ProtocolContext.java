package dev.realtime.transport.common.internal.connection;

import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.transport.common.internal.codec.WireCodec;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

/**
 * What every connection of one running transport shares.
 *
 * @param transport   the transport, as the engine sees it
 * @param gateway     the engine
 * @param settings    limits and deadlines
 * @param metrics     where connections count what happens
 * @param eventFrames the shared frame of an event for a codec (encoded once per event and codec; a transport
 *                    may keep it in the memory its sockets write from best)
 */
public record ProtocolContext(Transport transport, ConnectionGateway gateway, ProtocolSettings settings,
                              ProtocolMetrics metrics, BiFunction<WireCodec, OutboundEvent, ByteBuffer> eventFrames) {
}
