package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.transport.common.internal.codec.JsonCodec;
import dev.realtime.transport.common.internal.codec.SocketIoCodec;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One event on its way to this transport's recipients. Recipients on the calling thread's event loop get it at
 * once; the others are grouped by event loop and handed over in one task per loop, instead of one task (and
 * possibly one wake-up) per recipient. The frame is encoded at most once per protocol, on the calling thread.
 */
final class FanoutBatch {
    private final OutboundEvent event;
    private ByteBuffer socketIoFrame;
    private ByteBuffer jsonFrame;
    /** Few loops (one per I/O thread): a linear search beats a map here. */
    private final List<EventExecutor> loops = new ArrayList<>(2);
    private final List<List<Delivery>> perLoop = new ArrayList<>(2);

    private record Delivery(ProtocolConnection connection, ByteBuffer frame) {
        void run() {
            connection.deliver(frame);
        }
    }

    FanoutBatch(OutboundEvent event) {
        this.event = event;
    }

    /** Delivers now if {@code connection} lives on the calling thread's loop, else queues it for its loop. */
    void add(ProtocolConnection connection, EventExecutor loop) {
        ByteBuffer frame = frameFor(connection);
        if (loop.inEventLoop()) {
            connection.deliver(frame);
            return;
        }
        int i = loops.indexOf(loop);
        if (i < 0) {
            loops.add(loop);
            perLoop.add(new ArrayList<>());
            i = loops.size() - 1;
        }
        perLoop.get(i).add(new Delivery(connection, frame));
    }

    /** Hands each loop its share in one task. */
    void dispatch() {
        for (int i = 0; i < loops.size(); i++) {
            List<Delivery> share = perLoop.get(i);
            loops.get(i).execute(() -> {
                for (Delivery d : share) {
                    d.run();
                }
            });
        }
    }

    private ByteBuffer frameFor(ProtocolConnection connection) {
        if (connection.codec() == SocketIoCodec.INSTANCE) {
            if (socketIoFrame == null) {
                socketIoFrame = SharedFrames.event(SocketIoCodec.INSTANCE, event);
            }
            return socketIoFrame;
        }
        if (jsonFrame == null) {
            jsonFrame = SharedFrames.event(JsonCodec.INSTANCE, event);
        }
        return jsonFrame;
    }
}
