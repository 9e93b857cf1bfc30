package dev.realtime.bench.wire;

import java.util.List;

/** Socket.IO v5 over Engine.IO v4, WebSocket transport only. */
final class SocketIoWire implements WireProtocol {
    private static final byte[] MARKER = Bytes.ascii(STAMP_MARKER);
    private static final byte[] ERROR_EVENT = Bytes.ascii("42[\"error\"");
    private static final byte[] SUCCESS_TRUE = Bytes.ascii("\"success\":true");

    @Override
    public String path() {
        return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public List<String> afterUpgrade(String token) {
        return List.of();
    }

    @Override
    public List<String> afterEngineOpen(String token) {
        return List.of("40{\"token\":\"" + token + "\"}");
    }

    @Override
    public String heartbeatReply() {
        return "3";
    }

    @Override
    public String join(String room, long ackId) {
        return "42" + ackId + "[\"room:join\",{\"roomName\":\"" + room + "\"}]";
    }

    @Override
    public SendTemplate sendTemplate(String room, int contentBytes) {
        String head = "42" + "0".repeat(ACK_WIDTH) + "[\"message:send\",{\"roomName\":\"" + room + "\",\"content\":\"";
        String payload = head + SendTemplate.content(contentBytes) + "\"}]";
        return new SendTemplate(payload, 2, head.length() + STAMP_MARKER.length());
    }

    @Override
    public void classify(byte[] buf, int off, int len, Inbound out) {
        if (len == 0) {
            out.set(Inbound.Kind.OTHER);
            return;
        }
        byte engine = buf[off];
        if (engine == '2' && len == 1) {
            out.set(Inbound.Kind.HEARTBEAT);
        } else if (engine == '0') {
            out.set(Inbound.Kind.ENGINE_OPEN);
        } else if (engine == '1') {
            out.set(Inbound.Kind.ERROR);
        } else if (engine == '4' && len >= 2) {
            classifySocketIo(buf, off, len, out);
        } else {
            out.set(Inbound.Kind.OTHER);
        }
    }

    private static void classifySocketIo(byte[] buf, int off, int len, Inbound out) {
        switch (buf[off + 1]) {
            case '0':
                out.set(Inbound.Kind.READY);
                return;
            case '4':
            case '1':
                out.set(Inbound.Kind.REFUSED);
                return;
            case '3':
                out.set(Inbound.Kind.ACK);
                out.ackId = Bytes.digits(buf, off + 2, off + len);
                out.success = Bytes.indexOf(buf, off, len, SUCCESS_TRUE) >= 0;
                return;
            case '2':
                int marker = Bytes.indexOf(buf, off, len, MARKER);
                if (marker >= 0) {
                    out.set(Inbound.Kind.MESSAGE);
                    out.stamp = Bytes.digits(buf, marker + MARKER.length, off + len);
                } else if (Bytes.startsWith(buf, off, len, ERROR_EVENT)) {
                    out.set(Inbound.Kind.ERROR);
                } else {
                    out.set(Inbound.Kind.OTHER);
                }
                return;
            default:
                out.set(Inbound.Kind.OTHER);
        }
    }
}
