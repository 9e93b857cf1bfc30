package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.transport.common.internal.codec.WireCodec;
import dev.realtime.transport.common.internal.codec.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
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
     * Per event-loop thread, the last shared frame written there and its wrapper: the recipients of one fan-out
     * on one loop come one after another, and each gets a duplicate of that one wrapper (one small object)
     * instead of a wrapper and a buffer slice of its own, which were most of the garbage per delivery.
     */
    private static final FastThreadLocal<LastFrame> LAST = new FastThreadLocal<>() {
        @Override
        protected LastFrame initialValue() {
            return new LastFrame();
        }
    };

    private static final class LastFrame {
        ByteBuffer frame;
        /** Keeps one reference of its own, so the duplicates' releases never bring it to zero. */
        ByteBuf wrapper;
    }

    /**
     * A view of a shared frame for one channel, to be written on the calling event-loop thread; releasing it never
     * frees the shared bytes. Shares one wrapper with the views of the same frame made before it on this thread.
     */
    static ByteBuf viewOnLoop(ByteBuffer sharedFrame) {
        LastFrame last = LAST.get();
        if (last.frame != sharedFrame) {
            last.frame = sharedFrame;
            last.wrapper = Unpooled.wrappedBuffer(sharedFrame);
        }
        return last.wrapper.retainedDuplicate();
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
