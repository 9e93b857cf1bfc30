package dev.realtime.transport.common.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.spi.transport.InboundEvent;

/**
 * What one client frame means, whichever wire protocol it came in. Decoding never throws: bad input
 * becomes {@link Invalid} with a client-safe message.
 */
public sealed interface ClientFrame {

    /** The root namespace, the only one served. */
    String ROOT_NAMESPACE = "/";

    /**
     * A request to authenticate: Socket.IO CONNECT, or the {@code auth} event of the plain protocol.
     *
     * @param namespace Socket.IO namespace ({@code /} for the plain protocol)
     * @param auth      the client's auth object; an empty object when none was sent
     * @param ackId     the plain protocol's ack id, or {@link InboundEvent#NO_ACK}
     */
    record Connect(String namespace, JsonNode auth, long ackId) implements ClientFrame {
    }

    /** An application event for the engine, addressed to {@code namespace}. */
    record Event(String namespace, InboundEvent event) implements ClientFrame {
    }

    /** The client leaves (Socket.IO DISCONNECT or Engine.IO close). */
    record Disconnect(String namespace) implements ClientFrame {
    }

    /** A client-initiated Engine.IO ping; answered with a pong echoing {@code data}. */
    record Ping(String data) implements ClientFrame {
    }

    /** The answer to the server's heartbeat ping. */
    record Pong() implements ClientFrame {
    }

    /** A frame that is valid but needs no action (Engine.IO noop, a client ack the server never asked for). */
    record Ignored(String why) implements ClientFrame {
    }

    /**
     * A frame the server cannot accept.
     *
     * @param code    the code reported to the client
     * @param message a client-safe explanation
     */
    record Invalid(ErrorCode code, String message) implements ClientFrame {
        static Invalid malformed(String message) {
            return new Invalid(ErrorCode.VALIDATION_ERROR, message);
        }
    }
}
