package dev.realtime.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's pipeline on an in-memory channel: request order, paused reading, a client gone. */
class OpsDispatcherTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpsMetrics metrics = new OpsMetrics(registry, () -> 1);
    private final OpsRoutes routes = new OpsRoutes(List.of("*"), 1024);
    private final CompletableFuture<OpsResponse> slow = new CompletableFuture<>();
    /** Reads the pipeline asks the socket for. */
    private final AtomicInteger reads = new AtomicInteger();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    OpsDispatcherTest() {
        routes.prefix("/slow", request -> slow);
        routes.prefix("/echo", request -> CompletableFuture.completedFuture(
                OpsResponse.text(200, request.method() + " " + request.bodyLength())));
        RequestClock clock = new RequestClock(channel, OpsLimits.defaults(), metrics);
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
            }
        }, clock.bytes(), new HttpServerCodec(new HttpDecoderConfig()), clock.messages(), new BodyLimit(1024),
                new OpsDispatcher(routes, clock));
        clock.start();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void receive(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    private String sent() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void aPipelinedRequestWaitsInTheSocketWhileTheFirstIsServed() {
        receive("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(channel.config().isAutoRead()).as("reading paused").isFalse();
        assertThat(reads.get()).as("no read asked for the rest of the second request").isZero();
        assertThat(sent()).isEmpty();

        slow.complete(OpsResponse.text(200, "first"));
        channel.runPendingTasks();
        assertThat(sent()).startsWith("HTTP/1.1 200 OK").endsWith("first");
        assertThat(channel.config().isAutoRead()).as("reading resumed").isTrue();

        receive("defghij");
        assertThat(sent()).startsWith("HTTP/1.1 200 OK").endsWith("POST 10");
    }

    @Test
    void anAnswerForAClientThatLeftIsDropped() {
        receive("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        channel.close();
        slow.complete(OpsResponse.text(200, "late"));
        channel.runPendingTasks();
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMalformedRequestIsAnswered400AndEndsTheConnection() {
        receive("GET /echo HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        String answer = sent();
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("connection: close", "malformed request");
    }
}
