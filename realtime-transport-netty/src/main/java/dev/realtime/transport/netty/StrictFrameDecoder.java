package dev.realtime.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Netty's RFC 6455 decoder with the close-frame checks the other transport makes: a close code a peer may not
 * send (RFC 6455 section 7.4: 1004-1006, 1015, below 1000, 1016-2999, 5000 and above) is answered with a 1002
 * close frame, and a reason that is not UTF-8 with 1007. Netty alone accepts 5000 and above, and answers the
 * other cases by dropping the TCP connection without a close frame. Like every violation the decoder finds, these
 * are thrown as {@link CorruptedWebSocketFrameException}; the connection's handler sends the close frame.
 */
final class StrictFrameDecoder extends WebSocket13FrameDecoder {

    StrictFrameDecoder(WebSocketDecoderConfig config) {
        super(config);
    }

    /** A version 13 handshaker whose connections decode with this decoder. */
    static WebSocketServerHandshaker handshaker(String url, WebSocketDecoderConfig config) {
        return new WebSocketServerHandshaker13(url, null, config) {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder() {
                return new StrictFrameDecoder(decoderConfig());
            }
        };
    }

    @Override
    protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
        if (buffer != null && buffer.readableBytes() >= 2) {
            int code = buffer.getUnsignedShort(buffer.readerIndex());
            if (!peerMaySend(code)) {
                fail(WebSocketCloseStatus.PROTOCOL_ERROR, "close code " + code + " may not be sent");
            }
            if (!utf8(buffer, buffer.readerIndex() + 2, buffer.readableBytes() - 2)) {
                fail(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "close reason is not UTF-8");
            }
        }
        super.checkCloseFrameBody(ctx, buffer);
    }

    static boolean peerMaySend(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    private static boolean utf8(ByteBuf buffer, int index, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer.nioBuffer(index, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void fail(WebSocketCloseStatus status, String reason) {
        throw new CorruptedWebSocketFrameException(status, reason);
    }
}
