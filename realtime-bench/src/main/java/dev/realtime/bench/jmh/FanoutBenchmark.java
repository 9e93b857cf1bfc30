package dev.realtime.bench.jmh;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.Session;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code message:send} through the engine to a room of {@code members} connections on a
 * socket-less transport: validation, routing, one encoding, one write per member. Divide the
 * score by {@code members} for the cost per delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanoutBenchmark {
    @Param({"100", "1000", "10000"})
    public int members;

    private Realtime realtime;
    private CountingTransport transport;
    private ConnectionGateway gateway;
    private Session publisher;
    private InboundEvent send;

    @Setup(Level.Trial)
    public void setUp() {
        transport = new CountingTransport();
        realtime = Realtime.builder()
                .options(RealtimeOptions.builder().messageRatePerSecond(Integer.MAX_VALUE)
                        .connectionRatePerMinute(Integer.MAX_VALUE).maxConnections(1_000_000).enablePresence(false)
                        .enableTyping(false).logEvents(false).build())
                .authenticator(c -> Principal.user(c.token(), c.token()))
                .transport(transport)
                .build();
        realtime.start();
        realtime.rooms().create(Room.builder("bench").build());
        gateway = transport.gateway;
        InboundEvent join = new InboundEvent("room:join", Json.object().put("roomName", "bench"),
                InboundEvent.NO_ACK);
        for (int i = 0; i < members; i++) {
            Credentials credentials = Credentials.ofToken("user-" + i);
            Principal principal = gateway.authenticate(credentials);
            Session session = gateway.register(ConnectionIds.random(), principal, credentials,
                    TransportKind.SOCKET_IO, transport.channel());
            gateway.activate(session);
            gateway.event(session, join);
            if (publisher == null) {
                publisher = session;
            }
        }
        send = new InboundEvent("message:send", Json.object().put("roomName", "bench")
                .put("content", "T@100000000000000@" + "x".repeat(46)), 1);
        long before = transport.frames;
        gateway.event(publisher, send);
        long written = transport.frames - before;
        if (written != members + 1L) { // every member plus the sender's ack
            throw new IllegalStateException("one send wrote " + written + " frames for " + members + " members");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        realtime.close();
    }

    @Benchmark
    public long sendToRoom() {
        gateway.event(publisher, send);
        return transport.frames;
    }
}
