package dev.realtime.transport.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * Checks the client's frame stream (RFC 6455 section 5) on the raw bytes, before the WebSocket library
 * decodes or buffers anything, and names the first rule a client broke.
 *
 * <p>Why here and not in the library: the library checks the size of a fragmented message only when its
 * last fragment arrives, accepts unmasked frames, and throws on a close frame whose reason is not UTF-8.
 * Reading only frame headers (and the few bytes of a close frame) costs little per byte and bounds what
 * the library can ever hold for one connection: one message of at most {@link #maxMessageBytes} in at most
 * {@link #MAX_FRAGMENTS} pieces.
 *
 * <p>Not thread-safe: one gate per connection, fed by the one thread that reads its socket.
 */
final class FrameGate {
    /** Pieces one fragmented message may arrive in: each costs the library an object of its own. */
    static final int MAX_FRAGMENTS = 1024;
    /** Largest payload of a control frame (section 5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    /** A broken rule: the close code to answer with and a short reason for the peer. */
    record Violation(int code, String reason) {
    }

    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private enum Step { FIRST, SECOND, LENGTH, MASK, PAYLOAD }

    private final IntSupplier maxMessageBytes;

    private Step step = Step.FIRST;
    private boolean fin;
    private int opcode;
    private int lengthBytesLeft;
    private long payloadLength;
    private long payloadLeft;
    private final byte[] mask = new byte[4];
    private int maskRead;
    /** A close frame's payload, unmasked: the only payload this gate reads. */
    private byte[] closePayload;
    private int closeRead;

    private boolean inMessage;
    private long messageBytes;
    private int fragments;
    private Violation violation;

    /**
     * @param maxMessageBytes the largest message the connection may send now (a smaller bound applies
     *     before it authenticates); read at the start of every frame
     */
    FrameGate(IntSupplier maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads {@code bytes[from, to)} (absolute positions, the buffer is not moved) as the next part of the
     * client's stream.
     *
     * @return the first broken rule, or null while the stream is well formed
     */
    Violation inspect(ByteBuffer bytes, int from, int to) {
        int i = from;
        while (i < to && violation == null) {
            if (step == Step.PAYLOAD) {
                i = skipPayload(bytes, i, to);
            } else {
                header(bytes.get(i++) & 0xFF);
            }
        }
        return violation;
    }

    private void header(int b) {
        switch (step) {
            case FIRST -> first(b);
            case SECOND -> second(b);
            case LENGTH -> {
                payloadLength = (payloadLength << 8) | b;
                if (--lengthBytesLeft == 0) {
                    lengthKnown();
                }
            }
            case MASK -> {
                mask[maskRead++] = (byte) b;
                if (maskRead == 4) {
                    payloadStarts();
                }
            }
            default -> throw new IllegalStateException(step.name());
        }
    }

    private void first(int b) {
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        if ((b & 0x70) != 0) {
            fail(PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
            return;
        }
        switch (opcode) {
            case OP_CONTINUATION -> {
                if (!inMessage) {
                    fail(PROTOCOL_ERROR, "continuation frame without a message to continue");
                    return;
                }
            }
            case OP_TEXT, OP_BINARY -> {
                if (inMessage) {
                    fail(PROTOCOL_ERROR, "new message before the previous fragmented message ended");
                    return;
                }
            }
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (!fin) {
                    fail(PROTOCOL_ERROR, "fragmented control frame");
                    return;
                }
            }
            default -> {
                fail(PROTOCOL_ERROR, "reserved opcode " + opcode);
                return;
            }
        }
        step = Step.SECOND;
    }

    private void second(int b) {
        if ((b & 0x80) == 0) {
            fail(PROTOCOL_ERROR, "client frames must be masked");
            return;
        }
        int length = b & 0x7F;
        payloadLength = 0;
        if (length == 126) {
            lengthBytesLeft = 2;
            step = Step.LENGTH;
        } else if (length == 127) {
            lengthBytesLeft = 8;
            step = Step.LENGTH;
        } else {
            payloadLength = length;
            lengthKnown();
        }
    }

    private void lengthKnown() {
        if (payloadLength < 0) {
            fail(PROTOCOL_ERROR, "payload length with its most significant bit set");
            return;
        }
        if (opcode >= OP_CLOSE) {
            if (payloadLength > MAX_CONTROL_PAYLOAD) {
                fail(PROTOCOL_ERROR, "control frame payload over 125 bytes");
                return;
            }
            if (opcode == OP_CLOSE && payloadLength == 1) {
                fail(PROTOCOL_ERROR, "close frame payload of one byte");
                return;
            }
        } else {
            long limit = maxMessageBytes.getAsInt();
            long total = (opcode == OP_CONTINUATION ? messageBytes : 0) + payloadLength;
            if (total > limit) {
                fail(TOO_BIG, "message larger than " + limit + " bytes");
                return;
            }
            int pieces = opcode == OP_CONTINUATION ? fragments + 1 : 1;
            if (pieces > MAX_FRAGMENTS) {
                fail(TOO_BIG, "message in more than " + MAX_FRAGMENTS + " fragments");
                return;
            }
            messageBytes = total;
            fragments = pieces;
            inMessage = !fin;
        }
        maskRead = 0;
        step = Step.MASK;
    }

    private void payloadStarts() {
        payloadLeft = payloadLength;
        if (opcode == OP_CLOSE) {
            closePayload = new byte[(int) payloadLength];
            closeRead = 0;
        }
        if (payloadLeft == 0) {
            frameEnds();
        } else {
            step = Step.PAYLOAD;
        }
    }

    private int skipPayload(ByteBuffer bytes, int i, int to) {
        int n = (int) Math.min(payloadLeft, to - i);
        if (closePayload != null) {
            for (int k = 0; k < n; k++, closeRead++) {
                closePayload[closeRead] = (byte) (bytes.get(i + k) ^ mask[closeRead & 3]);
            }
        }
        payloadLeft -= n;
        if (payloadLeft == 0) {
            frameEnds();
        }
        return i + n;
    }

    private void frameEnds() {
        if (opcode == OP_CLOSE) {
            checkClose(closePayload);
            closePayload = null;
        } else if (opcode < OP_CLOSE && fin) {
            messageBytes = 0;
            fragments = 0;
        }
        step = Step.FIRST;
    }

    private void checkClose(byte[] payload) {
        if (payload.length < 2) {
            return;
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!validCloseCode(code)) {
            fail(PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            fail(INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
    }

    /** Codes a peer may send (section 7.4): not the reserved 1004-1006 and 1015, nor unassigned ones. */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private void fail(int code, String reason) {
        violation = new Violation(code, reason);
    }
}
