package dev.realtime.standalone.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between Netty's HTTP messages and the server's own {@link OpsRequest}/{@link OpsResponse}. */
final class NettyHttp {
    private NettyHttp() {
    }

    /**
     * What the answer to a request must respect.
     *
     * @param version   the request's HTTP version
     * @param head      a {@code HEAD} request: headers only
     * @param keepAlive the connection stays open after the answer
     */
    record Exchange(HttpVersion version, boolean head, boolean keepAlive) {
        /** An answer after which the connection closes, to no particular request. */
        static final Exchange CLOSING = new Exchange(HttpVersion.HTTP_1_1, false, false);

        static Exchange of(HttpRequest request) {
            return new Exchange(request.protocolVersion(), HttpMethod.HEAD.equals(request.method()),
                    HttpUtil.isKeepAlive(request));
        }

        Exchange closing() {
            return new Exchange(version, head, false);
        }
    }

    /**
     * The request with its body copied to the heap, so the caller can release Netty's buffer at once.
     *
     * @throws IllegalArgumentException when the request target is malformed
     */
    static OpsRequest toOps(FullHttpRequest request) {
        return OpsRequest.of(request.method().name(), request.uri(), headers(request),
                ByteBufUtil.getBytes(request.content()));
    }

    /** The request without its body (for a body that was too large to read). */
    static OpsRequest headOnly(HttpRequest request) {
        return OpsRequest.of(request.method().name(), request.uri(), headers(request), new byte[0]);
    }

    private static Map<String, List<String>> headers(HttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>(1)).add(header.getValue());
        }
        return headers;
    }

    /** The wire form of {@code response}: with Content-Length, Connection and Cache-Control set. */
    static FullHttpResponse toNetty(OpsResponse response, Exchange exchange) {
        int status = response.status();
        boolean bodiless = status < 200 || status == 204 || status == 304;
        byte[] body = response.bodyBytes();
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                bodiless || exchange.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().forEach(out.headers()::set);
        if (!bodiless) {
            // for HEAD: the length a GET would have had, without the bytes
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        if (!out.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        if (!exchange.keepAlive()) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (exchange.version().equals(HttpVersion.HTTP_1_0)) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return out;
    }
}
