package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.transport.common.codec.WireCodec;
import dev.realtime.transport.common.codec.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Encode-once output: an event's complete WebSocket frame is built once per codec, copied once into direct
 * memory and cached in the event; every recipient gets a {@link ByteBuf} view of those same bytes (no copy
 * per connection, and no heap-to-direct copy when the socket writes it). The direct memory belongs to the
 * JDK buffer, freed by the garbage collector with the event: nothing here needs releasing.
 */
final class SharedFrames {
    /** Cache keys of the direct frames, distinct from the codecs' own (heap) cache keys. */
    private static final Object SOCKET_IO_KEY = new Object();
    private static final Object JSON_KEY = new Object();

    private SharedFrames() {
    }

    /** The event's frame for {@code codec}, shared by all recipients; never modify it, write {@link #view}s. */
    static ByteBuffer event(WireCodec codec, OutboundEvent event) {
        Object key = codec.kind() == dev.realtime.core.model.TransportKind.SOCKET_IO ? SOCKET_IO_KEY : JSON_KEY;
        return event.encoded(key, e -> direct(WsFrames.text(codec.encodeEvent(e))));
    }

    /** A direct copy of {@code frame}, positioned at its start. */
    static ByteBuffer direct(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocateDirect(frame.remaining());
        copy.put(frame.duplicate());
        copy.flip();
        return copy;
    }

    /**
     * A writable view of a shared frame for one channel; releasing it never frees the shared bytes. The wrapper
     * takes its own slice of the buffer (its own position), so no duplicate is made first: one object less per
     * delivery.
     */
    static ByteBuf view(ByteBuffer sharedFrame) {
        return Unpooled.wrappedBuffer(sharedFrame);
    }
}
