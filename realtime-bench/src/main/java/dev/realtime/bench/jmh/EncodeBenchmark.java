package dev.realtime.bench.jmh;

import dev.realtime.core.internal.json.Json;
import dev.realtime.core.protocol.Payloads;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of encoding one {@code message:new} once: payload JSON plus the Socket.IO frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {
    private final Payloads.MessageNew message = new Payloads.MessageNew(UUID.randomUUID().toString(), "bench-room",
            42, "user-1", "T@100000000000000@" + "x".repeat(46), null, "2026-01-01T00:00:00Z",
            Json.object());

    /** A fresh event each time, so nothing is cached between iterations. */
    @Benchmark
    public byte[] encodeMessageNew() {
        return SocketIoFrames.event(new OutboundEvent("message:new", message));
    }

    /** The same event encoded again: what every further recipient costs (a cache hit). */
    @Benchmark
    public byte[] reuseEncodedFrame(Shared shared) {
        return shared.event.encoded(SocketIoFrames.class, SocketIoFrames::event);
    }

    /** An event encoded once, shared by all calls. */
    @State(Scope.Benchmark)
    public static class Shared {
        final OutboundEvent event = new OutboundEvent("message:new", new Payloads.MessageNew("id", "r", 1, "u",
                "content", null, "2026-01-01T00:00:00Z", null));
    }
}
