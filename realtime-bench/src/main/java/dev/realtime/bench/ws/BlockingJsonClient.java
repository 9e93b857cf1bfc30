package dev.realtime.bench.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One blocking {@code /ws} client for scenarios that time single requests rather than load: connects,
 * authenticates, sends events with ack ids and reads until the ack (events received meanwhile are counted, not
 * kept). Not for load: one thread per client.
 */
public final class BlockingJsonClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ClientFrames frames;
    private final Deque<String> texts = new ArrayDeque<>();
    private byte[] buf = new byte[1 << 16];
    private int length;
    private long nextAck = 1;
    private long eventsSeen;
    private long lastAckBytes;

    private BlockingJsonClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        this.frames = new ClientFrames(mask);
    }

    /** Connects to {@code /ws} at {@code address} and authenticates with {@code token}. */
    public static BlockingJsonClient connect(InetSocketAddress address, String token) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(address, 10_000);
        BlockingJsonClient client = new BlockingJsonClient(socket);
        client.upgrade(address);
        JsonNode ack = client.request("auth", Map.of("token", token));
        if (!ack.path("success").asBoolean()) {
            client.close();
            throw new IOException("authentication refused: " + ack);
        }
        return client;
    }

    private void upgrade(InetSocketAddress address) throws IOException {
        Handshake handshake = new Handshake(address.getHostString(), address.getPort(), "/ws");
        out.write(handshake.request());
        out.flush();
        int head;
        while ((head = Handshake.headEnd(buf, length)) < 0) {
            fill();
        }
        String refused = handshake.check(buf, head);
        if (refused != null) {
            throw new IOException(refused);
        }
        consume(head);
    }

    /** Sends {@code event} with an ack id; answers the ack ({@code {success, data|error}}). */
    public JsonNode request(String event, Object data) throws IOException {
        long id = nextAck++;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", event);
        message.put("data", data);
        message.put("ack", id);
        out.write(frames.text(Json.writer().writeValueAsBytes(message)));
        out.flush();
        String marker = "{\"ack\":" + id;
        while (true) {
            String text = nextText();
            if (text.startsWith(marker + ",") || text.startsWith(marker + "}")) {
                lastAckBytes = text.length();
                return Json.reader().readTree(text).path("data");
            }
            eventsSeen++;
        }
    }

    /** Events (frames other than this client's acks) read so far. */
    public long eventsSeen() {
        return eventsSeen;
    }

    /** Characters of the last ack frame. */
    public long lastAckBytes() {
        return lastAckBytes;
    }

    private String nextText() throws IOException {
        while (texts.isEmpty()) {
            long size = ServerFrameParser.frameSize(buf, 0, length);
            if (size > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(size, 2L * buf.length)));
            }
            int used = ServerFrameParser.parse(buf, 0, length, (opcode, fin, b, off, len) -> {
                if (opcode == ClientFrames.OP_TEXT) {
                    texts.add(new String(b, off, len, StandardCharsets.UTF_8));
                } else if (opcode == ClientFrames.OP_CLOSE) {
                    texts.add("{\"closed\":true}");
                }
            });
            consume(used);
            if (texts.isEmpty()) {
                fill();
            }
        }
        String text = texts.poll();
        if (text.equals("{\"closed\":true}")) {
            throw new IOException("the server closed the connection");
        }
        return text;
    }

    private void fill() throws IOException {
        if (length == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, length, buf.length - length);
        if (n < 0) {
            throw new IOException("connection ended");
        }
        length += n;
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        length -= n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
