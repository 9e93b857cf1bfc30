package dev.realtime.testkit.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes whatever bytes a test asks for (unmasked frames, reserved bits, lying
 * lengths, endless fragments) and reads the server's frames as they are, to see how it ends a connection.
 */
public final class RawWs implements AutoCloseable {
    /** What {@link #awaitClose()} returns when the TCP connection ended without a close frame. */
    public static final int NO_CLOSE_FRAME = 1006;

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int FIN = 0x80;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The reason of the last close frame read. */
    public String closeReason;

    private RawWs(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection without sending anything. */
    public static RawWs tcp(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        return new RawWs(socket);
    }

    /** Connects and completes the upgrade on {@code path}, failing the test unless the answer is 101. */
    public static RawWs upgraded(int port, String path) throws IOException {
        return upgraded(port, path, 0);
    }

    /** As {@link #upgraded(int, String)}, with a socket receive buffer of {@code receiveBuffer} bytes. */
    public static RawWs upgraded(int port, String path, int receiveBuffer) throws IOException {
        RawWs ws = tcp(port, receiveBuffer);
        ws.write(RawClient.upgrade(path, null));
        String head = ws.readHead();
        assertThat(head).as("upgrade answer").startsWith("HTTP/1.1 101");
        return ws;
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads an HTTP answer's head (up to the blank line). */
    public String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Everything the server sends until it closes the connection. */
    public String readAll() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** A masked frame with the given first byte (FIN, RSV bits, opcode) and payload. */
    public static byte[] frame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, true);
    }

    /** A frame with the given first byte; {@code masked} false makes it break RFC 6455 section 5.1. */
    public static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        lengthAndMask(frame, payload.length, masked);
        byte[] mask = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** Only the header of a masked frame that declares {@code length} payload bytes (sent or not). */
    public static byte[] header(int firstByte, long length) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
        frame.write(firstByte);
        lengthAndMask(frame, length, true);
        frame.write(new byte[4], 0, 4);
        return frame.toByteArray();
    }

    private static void lengthAndMask(ByteArrayOutputStream frame, long length, boolean masked) {
        int maskBit = masked ? 0x80 : 0;
        if (length >= 0 && length < 126) {
            frame.write(maskBit | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write((int) (length >> 8));
            frame.write((int) length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >> shift));
            }
        }
    }

    /** A close frame's payload: the code, then the reason bytes as given (valid UTF-8 or not). */
    public static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The next text message from the server, skipping pings and pongs; null when the connection closed. */
    public String nextText() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f == null || f.opcode == CLOSE) {
                return null;
            }
            if (f.opcode == TEXT) {
                return new String(f.payload, StandardCharsets.UTF_8);
            }
        }
    }

    /** Reads until the server's close frame and returns its code, or {@link #NO_CLOSE_FRAME} if none came. */
    public int awaitClose() throws IOException {
        while (true) {
            Frame f;
            try {
                f = readFrame();
            } catch (SocketException e) {
                return NO_CLOSE_FRAME; // reset by the server
            }
            if (f == null) {
                return NO_CLOSE_FRAME;
            }
            if (f.opcode == CLOSE) {
                closeReason = f.payload.length > 2
                        ? new String(f.payload, 2, f.payload.length - 2, StandardCharsets.UTF_8) : "";
                return f.payload.length >= 2 ? ((f.payload[0] & 0xFF) << 8) | (f.payload[1] & 0xFF) : 1005;
            }
        }
    }

    /** True once the server has closed the TCP connection (reads to its end, discarding). */
    public boolean closedByServer() throws IOException {
        try {
            InputStream raw = socket.getInputStream();
            byte[] sink = new byte[8192];
            while (raw.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private record Frame(int opcode, byte[] payload) {
    }

    private Frame readFrame() throws IOException {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0F, payload);
        } catch (EOFException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
