package dev.realtime.transport.ws;

import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The socket as the WebSocket library sees it. It does three things: it reads the HTTP upgrade request
 * first and answers a refused one (polling transport, wrong path or protocol version, foreign origin,
 * malformed or oversized head) with a proper HTTP status before the library ever opens a WebSocket; it
 * checks every frame the client sends with a {@link FrameGate} before the library decodes or buffers it,
 * and ends the connection with the right close code at the first broken rule; and it writes the library's
 * own frames (the 101 answer, close frames, pongs) through the connection's {@link ConnectionOutput}, so
 * they keep their place behind the frames queued there.
 */
final class GatedChannel implements ByteChannel {
    private final SocketChannel delegate;
    private final ConnectionOutput output;
    private final ByteBuffer scratch;
    private final HandshakePolicy policy;
    private final Consumer<HandshakePolicy.Decision> onRefused;
    private final FrameGate frames;
    private final Consumer<FrameGate.Violation> onViolation;
    private UpgradeHead head = new UpgradeHead();
    private String origin;

    GatedChannel(SocketChannel delegate, ConnectionOutput output, ByteBuffer scratch, HandshakePolicy policy,
                 Consumer<HandshakePolicy.Decision> onRefused, FrameGate frames,
                 Consumer<FrameGate.Violation> onViolation) {
        this.delegate = delegate;
        this.output = output;
        this.scratch = scratch;
        this.policy = policy;
        this.onRefused = onRefused;
        this.frames = frames;
        this.onViolation = onViolation;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = delegate.read(dst);
        if (n <= 0) {
            return n;
        }
        int end = start + n;
        int framesFrom = start;
        if (head != null) {
            int past = head.append(dst, start, end);
            if (past < 0) {
                if (!head.full()) {
                    return n;
                }
                head = null;
                refuse(HandshakePolicy.Decision.refuse(431, 3, "Request header fields too large: the upgrade "
                        + "request's head is limited to " + UpgradeHead.MAX_BYTES + " bytes"));
                return -1;
            }
            UpgradeHead.Request request = head.parse();
            head = null;
            origin = request == null ? null : request.header("origin");
            HandshakePolicy.Decision decision = policy.check(request);
            if (!decision.accepted()) {
                refuse(decision);
                return -1;
            }
            framesFrom = past;
        }
        FrameGate.Violation violation = frames.inspect(dst, framesFrom, end);
        if (violation != null) {
            onViolation.accept(violation);
            return -1; // the library sees the end of the stream and closes the connection
        }
        return n;
    }

    private void refuse(HandshakePolicy.Decision decision) throws IOException {
        onRefused.accept(decision);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", decision.engineCode());
        body.put("message", decision.reason());
        byte[] json = Json.writer().writeValueAsBytes(body);
        String allowOrigin = policy.corsOrigin(origin);
        String response = "HTTP/1.1 " + decision.status() + " " + statusText(decision.status()) + "\r\n"
                + "Content-Type: application/json\r\n"
                + (decision.status() == 426 ? "Sec-WebSocket-Version: " + HandshakePolicy.SUPPORTED_VERSION + "\r\n" : "")
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
            case 426:
                return "Upgrade Required";
            case 431:
                return "Request Header Fields Too Large";
            default:
                return "Error";
        }
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
