package dev.realtime.transport.ws;

import dev.realtime.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The socket as the WebSocket library sees it. It does two things: it reads the HTTP upgrade request
 * first and answers a refused one (polling transport, wrong path or protocol version, foreign origin)
 * with a proper HTTP status before the library ever opens a WebSocket; and it writes the library's own
 * frames (the 101 answer, close frames, pongs) through the connection's {@link ConnectionOutput}, so they
 * keep their place behind the frames queued there.
 */
final class GatedChannel implements ByteChannel {
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final SocketChannel delegate;
    private final ConnectionOutput output;
    private final ByteBuffer scratch;
    private final HandshakePolicy policy;
    private final Consumer<HandshakePolicy.Decision> onRefused;
    private ByteArrayOutputStream head = new ByteArrayOutputStream(512);

    GatedChannel(SocketChannel delegate, ConnectionOutput output, ByteBuffer scratch,
                 HandshakePolicy policy, Consumer<HandshakePolicy.Decision> onRefused) {
        this.delegate = delegate;
        this.output = output;
        this.scratch = scratch;
        this.policy = policy;
        this.onRefused = onRefused;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = delegate.read(dst);
        if (n <= 0 || head == null) {
            return n;
        }
        ByteBuffer copy = dst.duplicate();
        copy.position(start).limit(start + n);
        byte[] bytes = new byte[n];
        copy.get(bytes);
        head.write(bytes, 0, bytes.length);
        byte[] seen = head.toByteArray();
        int end = indexOf(seen, HEAD_END);
        if (end < 0 && seen.length < MAX_HEAD_BYTES) {
            return n;
        }
        head = null;
        if (end < 0) {
            return n; // not HTTP as we know it: let the library refuse it
        }
        HandshakePolicy.Decision decision = decide(new String(seen, 0, end, StandardCharsets.ISO_8859_1));
        if (decision == null || decision.accepted()) {
            return n;
        }
        refuse(decision);
        return -1;
    }

    private String origin;

    private HandshakePolicy.Decision decide(String requestHead) {
        String[] lines = requestHead.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 3) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        boolean upgrade = headers.getOrDefault("upgrade", "").toLowerCase(Locale.ROOT).contains("websocket");
        origin = headers.get("origin");
        return policy.check(requestLine[1], origin, upgrade);
    }

    private void refuse(HandshakePolicy.Decision decision) throws IOException {
        onRefused.accept(decision);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", decision.engineCode());
        body.put("message", decision.reason());
        byte[] json = Json.mapper().writeValueAsBytes(body);
        String allowOrigin = policy.corsOrigin(origin);
        String response = "HTTP/1.1 " + decision.status() + " " + statusText(decision.status()) + "\r\n"
                + "Content-Type: application/json\r\n"
                + (allowOrigin == null ? "" : "Access-Control-Allow-Origin: " + allowOrigin + "\r\n")
                + "Content-Length: " + json.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(response.length() + json.length);
        out.put(response.getBytes(StandardCharsets.ISO_8859_1)).put(json).flip();
        // A small answer fits the empty socket buffer of a fresh connection; what does not fit is dropped.
        delegate.write(out);
        delegate.close();
    }

    private static String statusText(int status) {
        switch (status) {
            case 400:
                return "Bad Request";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            default:
                return "Error";
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return output.writeLibraryFrame(src, scratch);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
