package dev.realtime.transport.common.internal.codec;

import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.nio.ByteBuffer;

/**
 * One wire protocol spoken over WebSocket text frames. Implementations are stateless singletons; the
 * instance itself is the key under which an {@link OutboundEvent} caches its encoded frame, so an event
 * is encoded once per protocol however many connections receive it.
 */
public interface WireCodec {

    /** The protocol, as reported to the engine. */
    TransportKind kind();

    /** Decodes one text frame. Never throws. */
    ClientFrame decode(String text);

    /** The UTF-8 text of an event frame. */
    byte[] encodeEvent(String name, byte[] payloadJson);

    /** The UTF-8 text of {@code event}'s frame; by default its name and payload only. */
    default byte[] encodeEvent(OutboundEvent event) {
        return encodeEvent(event.name(), event.payloadJson());
    }

    /** The UTF-8 text answering the client event that carried {@code ackId}. */
    byte[] encodeAck(long ackId, AckReply reply);

    /**
     * The complete, shareable WebSocket frame of {@code event}, built on first use and cached in the event.
     * Callers must write a {@link ByteBuffer#duplicate() duplicate}, never the returned buffer itself.
     */
    default ByteBuffer eventFrame(OutboundEvent event) {
        return event.encoded(this, e -> WsFrames.text(encodeEvent(e)));
    }
}
