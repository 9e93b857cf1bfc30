package dev.realtime.bench.wire;

import java.util.List;

/** The plain JSON protocol on {@code /ws} (PROTOCOL.md section 3). */
final class JsonWire implements WireProtocol {
    private static final byte[] MARKER = Bytes.ascii(STAMP_MARKER);
    private static final byte[] ACK = Bytes.ascii("\"ack\":");
    private static final byte[] SUCCESS_TRUE = Bytes.ascii("\"success\":true");
    private static final byte[] AUTHENTICATED = Bytes.ascii("\"event\":\"authenticated\"");
    private static final byte[] ERROR_EVENT = Bytes.ascii("\"event\":\"error\"");

    @Override
    public String path() {
        return "/ws";
    }

    @Override
    public List<String> afterUpgrade(String token) {
        return List.of("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"}}");
    }

    @Override
    public List<String> afterEngineOpen(String token) {
        return List.of();
    }

    @Override
    public String heartbeatReply() {
        throw new UnsupportedOperationException("/ws uses WebSocket ping/pong frames");
    }

    @Override
    public String join(String room, long ackId) {
        return "{\"event\":\"room:join\",\"data\":{\"roomName\":\"" + room + "\"},\"ack\":" + ackId + "}";
    }

    @Override
    public SendTemplate sendTemplate(String room, int contentBytes) {
        String head = "{\"event\":\"message:send\",\"data\":{\"roomName\":\"" + room + "\",\"content\":\"";
        String content = SendTemplate.content(contentBytes);
        String tail = "\"},\"ack\":";
        String payload = head + content + tail + "0".repeat(ACK_WIDTH) + "}";
        return new SendTemplate(payload, head.length() + content.length() + tail.length(),
                head.length() + STAMP_MARKER.length());
    }

    @Override
    public void classify(byte[] buf, int off, int len, Inbound out) {
        int marker = Bytes.indexOf(buf, off, len, MARKER);
        if (marker >= 0) {
            out.set(Inbound.Kind.MESSAGE);
            out.stamp = Bytes.digits(buf, marker + MARKER.length, off + len);
            return;
        }
        int ack = Bytes.indexOf(buf, off, len, ACK);
        if (ack >= 0) {
            out.set(Inbound.Kind.ACK);
            out.ackId = Bytes.digits(buf, ack + ACK.length, off + len);
            out.success = Bytes.indexOf(buf, off, len, SUCCESS_TRUE) >= 0;
        } else if (Bytes.indexOf(buf, off, len, AUTHENTICATED) >= 0) {
            out.set(Inbound.Kind.READY);
        } else if (Bytes.indexOf(buf, off, len, ERROR_EVENT) >= 0) {
            out.set(Inbound.Kind.ERROR);
        } else {
            out.set(Inbound.Kind.OTHER);
        }
    }
}
