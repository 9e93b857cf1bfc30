package dev.realtime.bench.jmh;

import dev.realtime.core.spi.transport.OutboundEvent;
import java.nio.charset.StandardCharsets;

/** Server-side Socket.IO EVENT encoding into one unmasked WebSocket text frame. */
final class SocketIoFrames {
    private SocketIoFrames() {
    }

    /** {@code 42["name",payload]} framed as a WebSocket text frame. */
    static byte[] event(OutboundEvent event) {
        byte[] head = ("42[\"" + event.name() + "\",").getBytes(StandardCharsets.UTF_8);
        byte[] json = event.payloadJson();
        int length = head.length + json.length + 1;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(head, 0, frame, header, head.length);
        System.arraycopy(json, 0, frame, header + head.length, json.length);
        frame[frame.length - 1] = ']';
        return frame;
    }
}
