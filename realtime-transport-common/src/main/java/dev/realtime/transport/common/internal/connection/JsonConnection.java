package dev.realtime.transport.common.internal.connection;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.codec.ClientFrame;
import dev.realtime.transport.common.internal.codec.JsonCodec;
import dev.realtime.transport.common.internal.codec.WireCodec;
import dev.realtime.transport.common.internal.codec.WsFrames;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A plain JSON connection ({@code /ws}): the first frame must be {@code {"event":"auth","data":{"token"}}}
 * within the auth timeout, otherwise the connection is closed with 1008; heartbeat by WebSocket ping frames.
 */
public final class JsonConnection extends ProtocolConnection {
    private static final JsonCodec CODEC = JsonCodec.INSTANCE;
    private static final ByteBuffer PING_FRAME = WsFrames.PING;

    /** @param connectionId the id the auth ack will carry ({@code socketId}), see {@code ConnectionIds} */
    public JsonConnection(ProtocolContext ctx, ConnectionIo io, HandshakeFacts facts, String connectionId) {
        super(ctx, io, facts, connectionId);
    }

    @Override
    public WireCodec codec() {
        return CODEC;
    }

    @Override
    public void opened() {
        startHeartbeat();
        startAuthDeadline();
    }

    @Override
    void sendHeartbeatPing() {
        write(PING_FRAME);
    }

    @Override
    public void wsPong() {
        heartbeatAnswered();
    }

    @Override
    public void text(String message) {
        ClientFrame frame = CODEC.decode(message);
        if (session() == null) {
            authenticateFirst(frame);
            return;
        }
        if (frame instanceof ClientFrame.Event e) {
            dispatch(e.event());
        } else if (frame instanceof ClientFrame.Connect c) {
            replyError(new InboundEvent(JsonCodec.AUTH_EVENT, null, c.ackId()),
                    RealtimeError.of(ErrorCode.VALIDATION_ERROR, "already authenticated"));
        } else if (frame instanceof ClientFrame.Invalid invalid) {
            reportInvalid(new RealtimeError(invalid.code(), invalid.message(), null));
        }
    }

    private void authenticateFirst(ClientFrame frame) {
        if (!(frame instanceof ClientFrame.Connect connect)) {
            ClientFrame.Invalid invalid = frame instanceof ClientFrame.Invalid i ? i : null;
            refuse(RealtimeError.of(invalid == null ? ErrorCode.AUTH_REQUIRED : invalid.code(),
                    invalid == null ? "the first frame must be {\"event\":\"auth\",\"data\":{\"token\":...}}"
                            : invalid.message()), InboundEvent.NO_ACK);
            return;
        }
        try {
            Session session = register(connect.auth());
            if (connect.ackId() >= 0) {
                write(WsFrames.text(CODEC.encodeAck(connect.ackId(), AckReply.ok(Map.of("socketId", session.id())))));
            }
            activate();
        } catch (RealtimeException e) {
            refuse(e.toError(), connect.ackId());
        } catch (RuntimeException e) {
            ctx.metrics().handlerError();
            LOG.error("authentication from {} failed", ip(), e);
            refuse(RealtimeError.of(ErrorCode.INTERNAL_ERROR, "internal error"), connect.ackId());
        }
    }

    /** Tells the client why, then closes with 1008. */
    private void refuse(RealtimeError error, long ackId) {
        if (ackId >= 0) {
            write(WsFrames.text(CODEC.encodeAck(ackId, AckReply.failed(error))));
        } else {
            write(ctx.eventFrames().apply(CODEC, new OutboundEvent("error", error)));
        }
        close(new CloseReason(CloseReason.POLICY.code(), error.code().name()));
    }

    @Override
    void reportInvalid(RealtimeError error) {
        if (session() != null) {
            replyError(null, error);
        } else {
            refuse(error, InboundEvent.NO_ACK);
        }
    }
}
