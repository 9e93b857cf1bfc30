package dev.realtime.bus.redis;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.bus.BusListener;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * A measurement, not a test: what one hop through Redis adds to a room message, engine to engine. Run it as
 * two processes on the same machine (System.nanoTime is the same monotonic clock for both), one per node:
 *
 * <pre>
 * java -cp ... dev.realtime.bus.redis.CrossNodeHopProbe receiver [seconds] &amp;
 * java -cp ... dev.realtime.bus.redis.CrossNodeHopProbe sender [rate/s] [seconds]
 * </pre>
 *
 * The sender's node has two members of the room and sends {@code message:send} at a fixed open-loop rate; the
 * receiver's node has two members and records, per delivery, the time since the message was <em>due</em> (so a
 * stalled sender counts against the latency). The sender prints its local deliveries the same way; the
 * difference of the two is the hop. Redis URL: {@code REALTIME_TEST_REDIS_URL}, default the local one.
 */
public final class CrossNodeHopProbe {
    private static final String ROOM = "probe-cross";
    private static final String PREFIX = "hop-probe";
    private static final String END = "END";
    private static final Duration WARMUP = Duration.ofSeconds(5);

    private CrossNodeHopProbe() {
    }

    public static void main(String[] args) throws Exception {
        String role = args.length > 0 ? args[0] : "sender";
        if (role.equals("bus")) {
            int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
            busOnly(rate, seconds);
        } else if (role.equals("receiver")) {
            int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
            receive(seconds);
        } else {
            int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
            send(rate, seconds);
        }
    }

    /**
     * The bus alone, in one process: two {@link RedisBus}es, one publishing {@code rate} stamped messages a second,
     * the other recording publish-to-listener latency (from the time each message was due).
     */
    private static void busOnly(int rate, int seconds) throws InterruptedException {
        Recorder recorder = new Recorder();
        String prefix = PREFIX + "-bus-" + System.nanoTime();
        RedisBus sender = new RedisBus(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(prefix).build());
        RedisBus receiver = new RedisBus(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(prefix).build());
        CountDownLatch up = new CountDownLatch(2);
        receiver.start(listener(message -> recorder.delivered(message, 2)));
        sender.start(listener(message -> { }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(sender.isConnected() && receiver.isConnected()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        byte[] filler = ("\"t\":\"room\",\"p\":{\"content\":\"" + "x".repeat(200) + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        for (String tag : List.of("W", "M")) {
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long total = (long) rate * (tag.equals("W") ? WARMUP.toSeconds() : seconds);
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] head = ("{\"" + tag + "@" + due + "@\",").getBytes(StandardCharsets.US_ASCII);
                byte[] message = java.util.Arrays.copyOf(head, head.length + filler.length);
                System.arraycopy(filler, 0, message, head.length, filler.length);
                sender.publish(message);
            }
        }
        Thread.sleep(1000);
        recorder.print("bus only, publish to listener", sender);
        sender.close();
        receiver.close();
    }

    private static BusListener listener(java.util.function.Consumer<byte[]> onMessage) {
        return new BusListener() {
            @Override
            public void onMessage(byte[] message) {
                onMessage.accept(message);
            }

            @Override
            public void onDisconnected() {
                System.out.println("bus disconnected");
            }

            @Override
            public void onReconnected() {
                System.out.println("bus reconnected");
            }
        };
    }

    private static void receive(int seconds) throws InterruptedException {
        Recorder recorder = new Recorder();
        Recorder raw = new Recorder();
        RawListener listener = new RawListener(raw);
        try (Node node = new Node("probe-b", recorder)) {
            node.members(2);
            System.out.println("receiver ready");
            if (!recorder.ended.await(seconds, TimeUnit.SECONDS)) {
                System.out.println("receiver: no END within " + seconds + " s");
            }
            recorder.print("node B (remote)", node.bus);
            raw.print("plain subscriber next to node B (bus only, no engine)", node.bus);
        } finally {
            listener.close();
        }
    }

    private static void send(int rate, int seconds) throws InterruptedException {
        Recorder recorder = new Recorder();
        try (Node node = new Node("probe-a", recorder)) {
            List<Session> members = node.members(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (node.realtime.health().bus().peers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (node.realtime.health().bus().peers().isEmpty()) {
                throw new IllegalStateException("the receiver node did not show up on the bus");
            }
            pace(node, members.get(0), rate, WARMUP.toSeconds(), "W");
            pace(node, members.get(0), rate, seconds, "M");
            Thread.sleep(500);
            node.gateway.event(members.get(0), message(END));
            Thread.sleep(500);
            recorder.print("node A (local)", node.bus);
        }
    }

    /** Sends {@code rate} messages a second for {@code seconds}, each stamped with the time it is due. */
    private static void pace(Node node, Session sender, int rate, long seconds, String tag) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long total = rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            node.gateway.event(sender, message(tag + "@" + due + "@" + "x".repeat(40)));
        }
    }

    private static InboundEvent message(String content) {
        return new InboundEvent("message:send",
                Json.object().put("roomName", ROOM).put("content", content), InboundEvent.NO_ACK);
    }

    /** One engine with a Redis bus and a socket-less transport that records deliveries. */
    private static final class Node implements AutoCloseable {
        final RedisBus bus;
        final Realtime realtime;
        final ConnectionGateway gateway;
        final RecordingTransport transport;
        final String id;

        Node(String id, Recorder recorder) {
            this.id = id;
            this.transport = new RecordingTransport(recorder);
            this.bus = new RedisBus(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(PREFIX).build());
            this.realtime = Realtime.builder()
                    .options(RealtimeOptions.builder().nodeId(id).messageRatePerSecond(1_000_000)
                            .connectionRatePerMinute(1_000_000).enablePresence(false).enableTyping(false)
                            .logEvents(false).build())
                    .store(new InMemoryStore())
                    .bus(bus)
                    .authenticator(c -> Principal.user(c.token(), c.token()))
                    .transport(transport)
                    .build();
            realtime.start();
            realtime.rooms().create(Room.builder(ROOM).build());
            this.gateway = transport.gateway;
        }

        List<Session> members(int count) {
            List<Session> sessions = new ArrayList<>();
            InboundEvent join = new InboundEvent("room:join",
                    Json.object().put("roomName", ROOM), InboundEvent.NO_ACK);
            for (int i = 0; i < count; i++) {
                Credentials credentials = Credentials.ofToken(id + "-user-" + i);
                Principal principal = gateway.authenticate(credentials);
                Session session = gateway.register(ConnectionIds.random(), principal, credentials,
                        TransportKind.IN_PROCESS, transport.new Channel());
                gateway.activate(session);
                gateway.event(session, join);
                sessions.add(session);
            }
            return sessions;
        }

        @Override
        public void close() {
            realtime.close();
        }
    }

    /** A bare Jedis subscriber on the same channel: when Redis handed the message over, before any engine. */
    private static final class RawListener implements AutoCloseable {
        private final Jedis jedis = TestRedis.connect(RedisEndpoint.parse(TestRedis.url()));
        private final BinaryJedisPubSub pubSub;
        private final Thread thread;

        RawListener(Recorder recorder) {
            pubSub = new BinaryJedisPubSub() {
                @Override
                public void onMessage(byte[] channel, byte[] message) {
                    if (indexOf(message, ROOM_MARK) >= 0) {
                        recorder.delivered(message, 2);
                    }
                }
            };
            thread = new Thread(() -> jedis.subscribe(pubSub, (PREFIX + ":bus").getBytes(StandardCharsets.UTF_8)));
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            pubSub.unsubscribe();
            jedis.close();
        }
    }

    private static final byte[] ROOM_MARK = "\"t\":\"room\"".getBytes(StandardCharsets.US_ASCII);

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Latency per delivery of measured messages, read from the due time in the content. */
    private static final class Recorder {
        private static final byte[] MEASURED = "\"M@".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END_MARK = ("\"" + END + "\"").getBytes(StandardCharsets.US_ASCII);
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final CountDownLatch ended = new CountDownLatch(1);
        private long cpuAtStart = -1;
        private long gcAtStart;
        private long gcCountAtStart;
        private long allocatedAtStart;
        private long switchesAtStart;

        synchronized void delivered(byte[] payload, int recipients) {
            long now = System.nanoTime();
            int at = indexOf(payload, MEASURED);
            if (at < 0) {
                if (indexOf(payload, END_MARK) >= 0) {
                    ended.countDown();
                }
                return;
            }
            if (cpuAtStart < 0) {
                cpuAtStart = processCpuNanos();
                gcAtStart = gcMillis();
                gcCountAtStart = gcCount();
                allocatedAtStart = allocatedBytes();
                switchesAtStart = contextSwitches();
            }
            long due = 0;
            for (int i = at + MEASURED.length; i < payload.length && payload[i] != '@'; i++) {
                due = due * 10 + (payload[i] - '0');
            }
            histogram.recordValueWithCount(Math.max(0, now - due), recipients);
        }

        synchronized void print(String what, RedisBus bus) {
            long messages = Math.max(1, histogram.getTotalCount() / 2);
            System.out.printf("%s: deliveries=%d p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms"
                            + " | CPU %.1f us/message, allocated %d bytes/message, %.2f context switches/message,"
                            + " GC %d collections %d ms"
                            + " | bus published=%d received=%d dropped=%d%n",
                    what, histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                    ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
                    ms(histogram.getMaxValue()), (processCpuNanos() - cpuAtStart) / 1e3 / messages,
                    (allocatedBytes() - allocatedAtStart) / messages,
                    (contextSwitches() - switchesAtStart) / (double) messages,
                    gcCount() - gcCountAtStart, gcMillis() - gcAtStart,
                    bus.publishedCount(), bus.receivedCount(), bus.droppedCount());
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        // Summed over live threads: the bus and engine threads live as long as the measurement.
        private static long allocatedBytes() {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long sum = 0;
            for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                sum += Math.max(0, bytes);
            }
            return sum;
        }

        // Every wake-up of a thread of this process (Linux only; 0 elsewhere).
        private static long contextSwitches() {
            long sum = 0;
            File[] tasks = new File("/proc/self/task").listFiles();
            for (File task : tasks == null ? new File[0] : tasks) {
                try {
                    for (String line : Files.readAllLines(new File(task, "status").toPath())) {
                        if (line.contains("ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
            return sum;
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /** A transport without sockets: every fan-out is a recorded delivery. */
    private static final class RecordingTransport implements Transport {
        private final Recorder recorder;
        private volatile ConnectionGateway gateway;

        RecordingTransport(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void start(ConnectionGateway value) {
            // connections are opened by the probe itself, through the gateway the node hands over here
            this.gateway = value;
        }

        @Override
        public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
            if (event.name().equals("message:new")) {
                recorder.delivered(event.payloadJson(), recipients.size());
            }
        }

        @Override
        public void stop() {
            // nothing to release
        }

        final class Channel implements ConnectionChannel {
            @Override
            public Transport transport() {
                return RecordingTransport.this;
            }

            @Override
            public void send(OutboundEvent event) {
                if (event.name().equals("message:new")) {
                    recorder.delivered(event.payloadJson(), 1);
                }
            }

            @Override
            public void sendAck(long ackId, AckReply reply) {
                // the probe sends without acks
            }

            @Override
            public void close(CloseReason reason) {
                // never closed during a measurement
            }
        }
    }
}
