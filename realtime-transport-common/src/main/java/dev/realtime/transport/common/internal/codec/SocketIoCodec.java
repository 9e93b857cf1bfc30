package dev.realtime.transport.common.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Socket.IO protocol v5 carried by Engine.IO protocol v4 over WebSocket: one Engine.IO packet per text
 * frame ({@code <type><data>}), and Socket.IO packets ({@code <type>[<nsp>,][<id>][<json>]}) inside
 * Engine.IO MESSAGE packets. Binary packets are refused: every event of this server is plain JSON.
 */
public final class SocketIoCodec implements WireCodec {
    /** The one instance; also the cache key for encoded frames. */
    public static final SocketIoCodec INSTANCE = new SocketIoCodec();

    /** Engine.IO packet a server sends as its heartbeat. */
    public static final String ENGINE_PING = "2";
    /** Socket.IO DISCONNECT of the root namespace. */
    public static final String DISCONNECT = "41";

    private static final char EIO_OPEN = '0';
    private static final char EIO_CLOSE = '1';
    private static final char EIO_PING = '2';
    private static final char EIO_PONG = '3';
    private static final char EIO_MESSAGE = '4';
    private static final char EIO_UPGRADE = '5';
    private static final char EIO_NOOP = '6';

    private static final int SIO_CONNECT = 0;
    private static final int SIO_DISCONNECT = 1;
    private static final int SIO_EVENT = 2;
    private static final int SIO_ACK = 3;
    private static final int SIO_CONNECT_ERROR = 4;
    private static final int SIO_BINARY_EVENT = 5;
    private static final int SIO_BINARY_ACK = 6;
    private static final int MAX_ACK_DIGITS = 15;

    private SocketIoCodec() {
    }

    @Override
    public TransportKind kind() {
        return TransportKind.SOCKET_IO;
    }

    @Override
    public ClientFrame decode(String text) {
        if (text == null || text.isEmpty()) {
            return ClientFrame.Invalid.malformed("empty Engine.IO packet");
        }
        char type = text.charAt(0);
        switch (type) {
            case EIO_MESSAGE:
                return decodeSocketIo(text, 1);
            case EIO_PONG:
                return new ClientFrame.Pong();
            case EIO_PING:
                return new ClientFrame.Ping(text.substring(1));
            case EIO_CLOSE:
                return new ClientFrame.Disconnect(ClientFrame.ROOT_NAMESPACE);
            case EIO_NOOP:
            case EIO_UPGRADE:
                return new ClientFrame.Ignored("Engine.IO packet type " + type);
            case EIO_OPEN:
                return ClientFrame.Invalid.malformed("a client may not send an Engine.IO OPEN packet");
            default:
                return ClientFrame.Invalid.malformed("unknown Engine.IO packet type '" + type + "'");
        }
    }

    private ClientFrame decodeSocketIo(String text, int start) {
        if (start >= text.length()) {
            return ClientFrame.Invalid.malformed("empty Socket.IO packet");
        }
        int type = text.charAt(start) - '0';
        if (type < SIO_CONNECT || type > SIO_BINARY_ACK) {
            return ClientFrame.Invalid.malformed("unknown Socket.IO packet type '" + text.charAt(start) + "'");
        }
        if (type == SIO_BINARY_EVENT || type == SIO_BINARY_ACK) {
            return ClientFrame.Invalid.malformed("binary Socket.IO packets are not supported; send JSON payloads");
        }
        int i = start + 1;
        String namespace = ClientFrame.ROOT_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        int digitsStart = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i - digitsStart > MAX_ACK_DIGITS) {
            return ClientFrame.Invalid.malformed("Socket.IO ack id is too long");
        }
        long ackId = i > digitsStart ? Long.parseLong(text, digitsStart, i, 10) : InboundEvent.NO_ACK;
        String json = text.substring(i);
        switch (type) {
            case SIO_CONNECT:
                return decodeConnect(namespace, json);
            case SIO_DISCONNECT:
                return new ClientFrame.Disconnect(namespace);
            case SIO_EVENT:
                return decodeEvent(namespace, json, ackId);
            case SIO_ACK:
                return new ClientFrame.Ignored("the server asks for no acks");
            case SIO_CONNECT_ERROR:
            default:
                return ClientFrame.Invalid.malformed("a client may not send CONNECT_ERROR");
        }
    }

    private static ClientFrame decodeConnect(String namespace, String json) {
        if (json.isEmpty()) {
            return new ClientFrame.Connect(namespace, Json.object(), InboundEvent.NO_ACK);
        }
        Optional<JsonNode> auth = JsonValues.parse(json);
        if (auth.isEmpty() || !auth.get().isObject()) {
            return ClientFrame.Invalid.malformed("Socket.IO CONNECT payload must be a JSON object");
        }
        return new ClientFrame.Connect(namespace, auth.get(), InboundEvent.NO_ACK);
    }

    private static ClientFrame decodeEvent(String namespace, String json, long ackId) {
        Optional<JsonNode> parsed = JsonValues.parse(json);
        if (parsed.isEmpty() || !parsed.get().isArray() || parsed.get().isEmpty()) {
            return ClientFrame.Invalid.malformed("Socket.IO EVENT payload must be a JSON array [name, data]");
        }
        JsonNode array = parsed.get();
        JsonNode name = array.get(0);
        if (!name.isTextual() || name.asText().isEmpty()) {
            return ClientFrame.Invalid.malformed("Socket.IO event name must be a non-empty string");
        }
        JsonNode data = array.size() > 1 ? array.get(1) : null;
        return new ClientFrame.Event(namespace, new InboundEvent(name.asText(), data, ackId));
    }

    @Override
    public byte[] encodeEvent(String name, byte[] payloadJson) {
        return new Utf8Builder(payloadJson.length + name.length() + 8)
                .ascii("42[").raw(JsonValues.write(name)).ascii(",").raw(payloadJson).ascii("]").toBytes();
    }

    /** With a recovery offset, the offset goes last, {@code 42["name",payload,"offset"]}, as Socket.IO sends it. */
    @Override
    public byte[] encodeEvent(OutboundEvent event) {
        if (event.recoveryOffset() == null) {
            return encodeEvent(event.name(), event.payloadJson());
        }
        byte[] payloadJson = event.payloadJson();
        byte[] offset = JsonValues.write(event.recoveryOffset());
        return new Utf8Builder(payloadJson.length + event.name().length() + offset.length + 8)
                .ascii("42[").raw(JsonValues.write(event.name())).ascii(",").raw(payloadJson).ascii(",").raw(offset)
                .ascii("]").toBytes();
    }

    @Override
    public byte[] encodeAck(long ackId, AckReply reply) {
        byte[] json = JsonValues.write(reply);
        return new Utf8Builder(json.length + 24).ascii("43").number(ackId).ascii("[").raw(json).ascii("]").toBytes();
    }

    /** The Engine.IO OPEN packet of a WebSocket connection, its first frame: no upgrades offered. */
    public String openPacket(String engineSid, long pingIntervalMillis, long pingTimeoutMillis, long maxPayload) {
        return openPacket(engineSid, List.of(), pingIntervalMillis, pingTimeoutMillis, maxPayload);
    }

    /**
     * The Engine.IO OPEN packet offering {@code upgrades} (a long-polling connection offers {@code websocket}).
     */
    public String openPacket(String engineSid, List<String> upgrades, long pingIntervalMillis,
                             long pingTimeoutMillis, long maxPayload) {
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("sid", engineSid);
        open.put("upgrades", upgrades);
        open.put("pingInterval", pingIntervalMillis);
        open.put("pingTimeout", pingTimeoutMillis);
        open.put("maxPayload", maxPayload);
        return EIO_OPEN + json(open);
    }

    /** The Engine.IO answer to a client ping. */
    public String pongPacket(String data) {
        return EIO_PONG + (data == null ? "" : data);
    }

    /** The successful CONNECT reply for the root namespace. */
    public String connectOk(String socketId) {
        return connectOk(socketId, null);
    }

    /** The successful CONNECT reply, with the connection state recovery session id when there is one. */
    public String connectOk(String socketId, String recoveryPid) {
        return "40" + json(recoveryPid == null ? Map.of("sid", socketId) : Map.of("sid", socketId, "pid", recoveryPid));
    }

    /** CONNECT_ERROR for the root namespace: {@code 44{"message":...,"data":{"code":...}}}. */
    public String connectError(RealtimeError error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", error.code());
        if (error.details() != null) {
            data.put("details", error.details());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.message());
        body.put("data", data);
        return "44" + json(body);
    }

    /** CONNECT_ERROR refusing a namespace other than the root one. */
    public String invalidNamespace(String namespace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Invalid namespace");
        body.put("data", Map.of("code", ErrorCode.VALIDATION_ERROR));
        return "44" + namespacePrefix(namespace) + json(body);
    }

    private static String namespacePrefix(String namespace) {
        return ClientFrame.ROOT_NAMESPACE.equals(namespace) ? "" : namespace + ",";
    }

    private static String json(Object value) {
        return new String(JsonValues.write(value), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "socket.io";
    }
}
