package dev.realtime.testkit.wire;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-made WebSocket bytes for tests that need a client which misbehaves (never reads, lies about its origin). */
public final class RawClient {
    private RawClient() {
    }

    /** An HTTP upgrade request for {@code path}, with an {@code Origin} header when {@code origin} is not null. */
    public static byte[] upgrade(String path, String origin) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A client text frame with an all-zero mask, so the payload goes as it is. */
    public static byte[] text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header + 4, payload.length);
        return frame;
    }

    /** Sends an upgrade request and returns the whole answer of a server that then closes. */
    public static String answerTo(int port, String path, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgrade(path, origin));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
