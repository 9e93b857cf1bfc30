package dev.realtime.bench.load;

import dev.realtime.bench.wire.Inbound;
import dev.realtime.bench.wire.WireProtocol;
import dev.realtime.bench.ws.ClientFrames;
import dev.realtime.bench.ws.Handshake;
import dev.realtime.bench.ws.ServerFrameParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated client connection, driven by its {@link IoLoop}: TCP connect, WebSocket upgrade,
 * authentication, room:join, then deliveries. Not thread-safe; only its loop touches it.
 */
final class Connection {
    enum State { CONNECTING, UPGRADING, AUTHENTICATING, JOINING, JOINED, FAILED, CLOSED }

    private final IoLoop loop;
    private final ConnectionSpec spec;
    private final int attempt;
    private final WireProtocol wire;
    private final ClientFrames frames;
    private final Handshake handshake;
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private final ServerFrameParser.FrameHandler frameHandler = this::onFrame;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private byte[] fragments;
    private int fragmentsLength;
    private String failure;

    Connection(IoLoop loop, ConnectionSpec spec, WireProtocol wire, int attempt) {
        this.loop = loop;
        this.attempt = attempt;
        this.spec = spec;
        this.wire = wire;
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        this.frames = new ClientFrames(mask);
        this.handshake = new Handshake(spec.server().getHostString(), spec.server().getPort(), wire.path());
    }

    void open() throws IOException {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        // RST on close: no TIME_WAIT, so many scenarios in a row do not exhaust local ports.
        channel.socket().setSoLinger(true, 0);
        key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
        if (channel.connect(spec.server())) {
            onConnectable();
        }
    }

    void onConnectable() throws IOException {
        channel.finishConnect();
        state = State.UPGRADING;
        key.interestOps(SelectionKey.OP_READ);
        write(handshake.request());
    }

    State state() {
        return state;
    }

    String failure() {
        return failure;
    }

    /** 1 for the first try, then counting reconnects. */
    int attempt() {
        return attempt;
    }

    ConnectionSpec spec() {
        return spec;
    }

    ClientFrames frames() {
        return frames;
    }

    /** Copies bytes left over from the previous read to the start of {@code buf}. */
    int restorePending(byte[] buf) {
        System.arraycopy(pending, 0, buf, 0, pendingLength);
        return pendingLength;
    }

    void keepPending(byte[] buf, int length) {
        if (pending.length < length) {
            pending = new byte[Math.max(length, 64)];
        }
        System.arraycopy(buf, 0, pending, 0, length);
        pendingLength = length;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Consumes complete units from {@code buf[0, length)}; returns the bytes consumed. */
    int consume(byte[] buf, int length) {
        int offset = 0;
        if (state == State.UPGRADING) {
            int head = Handshake.headEnd(buf, length);
            if (head < 0) {
                return 0;
            }
            String problem = handshake.check(buf, head);
            if (problem != null) {
                fail(problem);
                return length;
            }
            state = State.AUTHENTICATING;
            for (String text : wire.afterUpgrade(spec.token())) {
                sendText(text);
            }
            offset = head;
        }
        if (state == State.FAILED || state == State.CLOSED) {
            return length;
        }
        return offset + ServerFrameParser.parse(buf, offset, length - offset, frameHandler);
    }

    private void onFrame(int opcode, boolean fin, byte[] buf, int off, int len) {
        switch (opcode) {
            case ClientFrames.OP_TEXT:
                if (fin) {
                    onText(buf, off, len);
                } else {
                    fragmentsLength = 0;
                    appendFragment(buf, off, len);
                }
                break;
            case ClientFrames.OP_CONTINUATION:
                appendFragment(buf, off, len);
                if (fin) {
                    onText(fragments, 0, fragmentsLength);
                }
                break;
            case ClientFrames.OP_PING:
                write(frames.encode(ClientFrames.OP_PONG, Arrays.copyOfRange(buf, off, off + len)));
                break;
            case ClientFrames.OP_CLOSE:
                fail(state == State.JOINED ? null : "server closed: " + closeReason(buf, off, len));
                break;
            default:
                break;
        }
    }

    private static String closeReason(byte[] buf, int off, int len) {
        if (len < 2) {
            return "no status";
        }
        int code = ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
        return code + " " + new String(buf, off + 2, len - 2, StandardCharsets.UTF_8);
    }

    private void appendFragment(byte[] buf, int off, int len) {
        if (fragments == null || fragments.length < fragmentsLength + len) {
            fragments = Arrays.copyOf(fragments == null ? new byte[0] : fragments, (fragmentsLength + len) * 2);
        }
        System.arraycopy(buf, off, fragments, fragmentsLength, len);
        fragmentsLength += len;
    }

    private void onText(byte[] buf, int off, int len) {
        Inbound in = loop.inbound();
        wire.classify(buf, off, len, in);
        switch (in.kind) {
            case MESSAGE:
                loop.recordDelivery(spec.group(), in.stamp);
                break;
            case HEARTBEAT:
                sendText(wire.heartbeatReply());
                break;
            case ACK:
                if (state == State.JOINING && in.ackId == WireProtocol.FIRST_ACK_ID) {
                    if (in.success) {
                        state = State.JOINED;
                        loop.onJoined(this);
                    } else {
                        fail("room:join refused: " + new String(buf, off, len, StandardCharsets.UTF_8));
                    }
                } else {
                    loop.recordAck(in.success);
                }
                break;
            case ENGINE_OPEN:
                for (String text : wire.afterEngineOpen(spec.token())) {
                    sendText(text);
                }
                break;
            case READY:
                if (state == State.AUTHENTICATING && spec.room() == null) {
                    state = State.JOINED; // idle connection: authenticated is all it needs
                    loop.onJoined(this);
                } else if (state == State.AUTHENTICATING) {
                    state = State.JOINING;
                    sendText(wire.join(spec.room(), WireProtocol.FIRST_ACK_ID));
                }
                break;
            case REFUSED:
                fail("refused: " + new String(buf, off, len, StandardCharsets.UTF_8));
                break;
            case ERROR:
                if (state == State.JOINED) {
                    loop.recordErrorEvent();
                } else {
                    fail("error before join: " + new String(buf, off, len, StandardCharsets.UTF_8));
                }
                break;
            default:
                break;
        }
    }

    void sendText(String text) {
        write(frames.text(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes now if nothing is queued; otherwise (or for the unwritten rest) queues a copy. */
    void write(byte[] bytes) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        try {
            if (output.isEmpty()) {
                ByteBuffer direct = ByteBuffer.wrap(bytes);
                channel.write(direct);
                if (!direct.hasRemaining()) {
                    return;
                }
                output.add(ByteBuffer.wrap(Arrays.copyOfRange(bytes, direct.position(), bytes.length)));
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else {
                output.add(ByteBuffer.wrap(bytes.clone()));
            }
        } catch (IOException e) {
            fail("write: " + e.getMessage());
        }
    }

    void onWritable() throws IOException {
        while (!output.isEmpty()) {
            ByteBuffer head = output.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            output.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    /** Marks the connection failed ({@code reason} null: closed after a clean join) and closes it. */
    void fail(String reason) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        State before = state;
        state = reason == null ? State.CLOSED : State.FAILED;
        failure = reason;
        closeChannel();
        loop.onEnded(this, before);
    }

    void close() {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeChannel();
    }

    private void closeChannel() {
        try {
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing a socket that is already gone: nothing to do
        }
    }
}
