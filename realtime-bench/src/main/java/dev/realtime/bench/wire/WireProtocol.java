package dev.realtime.bench.wire;

import java.util.List;

/**
 * One client protocol the generator speaks: what to send to authenticate, join and publish, and
 * how to recognise what comes back.
 *
 * <p>Message sends use fixed-width decimal fields so a frame is masked once and patched per send:
 * the ack id is {@link #ACK_WIDTH} digits and the send stamp {@link #STAMP_WIDTH} digits,
 * placed right after the marker {@code T@} in the message content.
 */
public interface WireProtocol {
    /** Digits of every ack id; ids start at {@link #FIRST_ACK_ID} so none has a leading zero. */
    int ACK_WIDTH = 9;
    /** Smallest ack id. */
    long FIRST_ACK_ID = 100_000_000L;
    /** Digits of a send stamp. */
    int STAMP_WIDTH = 15;
    /** Added to stamps so none has a leading zero. */
    long STAMP_BASE = 100_000_000_000_000L;
    /** Marker preceding the stamp in message content. */
    String STAMP_MARKER = "T@";

    /** Request path (with query) of the WebSocket upgrade. */
    String path();

    /** Text payloads to send as soon as the upgrade succeeded. */
    List<String> afterUpgrade(String token);

    /** Text payloads to send when the server's {@link Inbound.Kind#ENGINE_OPEN} arrives. */
    List<String> afterEngineOpen(String token);

    /** The reply to a {@link Inbound.Kind#HEARTBEAT}. */
    String heartbeatReply();

    /** A room:join event carrying {@code ackId}. */
    String join(String room, long ackId);

    /** A message:send template; see {@link SendTemplate}. */
    SendTemplate sendTemplate(String room, int contentBytes);

    /** Classifies {@code buf[off, off+len)} into {@code out}. */
    void classify(byte[] buf, int off, int len, Inbound out);

    /** The protocol named {@code socketio} or {@code ws}. */
    static WireProtocol named(String name) {
        switch (name) {
            case "socketio":
                return new SocketIoWire();
            case "ws":
                return new JsonWire();
            default:
                throw new IllegalArgumentException("unknown protocol " + name + " (socketio|ws)");
        }
    }
}
