package dev.realtime.bench.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade request of a WebSocket client and the check of the server's answer. */
public final class Handshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private final String key;
    private final byte[] request;

    /** A handshake for {@code path} (with query) on {@code host:port}. */
    public Handshake(String host, int port, String path) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.request = ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The request bytes to send. */
    public byte[] request() {
        return request;
    }

    /**
     * Finds the end of the response head in {@code buf[0, length)}.
     *
     * @return the index just past the blank line, or -1 if the head is incomplete
     */
    public static int headEnd(byte[] buf, int length) {
        for (int i = 3; i < length; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Validates the response head: status 101 and the expected {@code Sec-WebSocket-Accept}.
     *
     * @return null when accepted, otherwise a one-line reason
     */
    public String check(byte[] buf, int headLength) {
        String head = new String(buf, 0, headLength, StandardCharsets.ISO_8859_1);
        int eol = head.indexOf("\r\n");
        String status = eol < 0 ? head : head.substring(0, eol);
        if (!status.startsWith("HTTP/1.1 101")) {
            return "upgrade refused: " + status;
        }
        String expected = acceptFor(key);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                return line.substring(colon + 1).trim().equals(expected) ? null : "bad Sec-WebSocket-Accept";
            }
        }
        return "missing Sec-WebSocket-Accept";
    }

    /** The accept value a server must answer to {@code key} (RFC 6455 section 4.2.2). */
    public static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
