package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.OutboundEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Engine.IO v4 long-polling on the wire, request by request, against a stand-in engine. */
class PollingTest {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeGateway gateway = new FakeGateway();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private NettyTransport transport;

    private void start(NettyTransportOptions.Builder options) {
        transport = NettyTransport.create(options.host("127.0.0.1").port(0).ioThreads(2).build(), meters);
        transport.start(gateway);
    }

    private void start() {
        start(NettyTransportOptions.builder());
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.stop();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + transport.port() + "/socket.io/?EIO=4&transport=polling";
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a GET and returns once the server holds it open, waiting for packets. */
    private CompletableFuture<HttpResponse<String>> waitingPoll(String url) {
        double before = waitingPolls();
        CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(WAIT).until(() -> waitingPolls() > before);
        return poll;
    }

    private double waitingPolls() {
        return meters.get("realtime.ws.polls.waiting").gauge().value();
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Handshakes and returns the session's polling URL. */
    private String open() throws Exception {
        HttpResponse<String> open = get(base());
        assertThat(open.statusCode()).isEqualTo(200);
        Matcher sid = SID.matcher(open.body());
        assertThat(sid.find()).isTrue();
        return base() + "&sid=" + sid.group(1);
    }

    /** Handshakes and authenticates; the first poll's packets are consumed. */
    private String connected() throws Exception {
        String url = open();
        assertThat(post(url, "40{\"token\":\"good\"}").body()).isEqualTo("ok");
        assertThat(get(url).body()).startsWith("40{\"sid\":\"" + gateway.id(1) + "\"}\u001e42[\"connected\"");
        return url;
    }

    @Nested
    class Protocol {
        @Test
        void theHandshakeAnswersTheOpenPacketOfferingTheUpgrade() throws Exception {
            start();
            HttpResponse<String> open = get(base());
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
            assertThat(open.body()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],"
                    + "\"pingInterval\":25000,\"pingTimeout\":60000,\"maxPayload\":1048576}");
        }

        @Test
        void packetsAreJoinedByTheRecordSeparatorAndAcksComeBack() throws Exception {
            start();
            String url = connected();
            assertThat(post(url, "421[\"echo\",{\"a\":1}]\u001e42[\"hello\"]").body()).isEqualTo("ok");
            assertThat(get(url).body())
                    .isEqualTo("431[{\"success\":true,\"data\":{\"a\":1}}]\u001e42[\"got\",{\"name\":\"hello\"}]");
            assertThat(gateway.events).containsExactly(gateway.id(1) + ":echo", gateway.id(1) + ":hello");
        }

        @Test
        void aWaitingPollIsAnsweredWhenAPacketArrives() throws Exception {
            start();
            String url = connected();
            CompletableFuture<HttpResponse<String>> poll = waitingPoll(url);
            gateway.channels.get(gateway.id(1)).send(new OutboundEvent("news", Map.of("n", 1)));
            assertThat(poll.get().body()).isEqualTo("42[\"news\",{\"n\":1}]");
        }

        @Test
        void aWaitingPollGetsTheServersPingAndThePongIsMeasured() throws Exception {
            start(NettyTransportOptions.builder().pingInterval(Duration.ofMillis(100)));
            String url = connected();
            String body = get(url).body();
            while (!body.equals("2")) {
                body = get(url).body();
            }
            post(url, "3");
            await().atMost(WAIT).until(() -> !gateway.heartbeats.isEmpty());
        }

        @Test
        void aRefusedTokenIsAConnectErrorWithItsCode() throws Exception {
            start();
            String url = open();
            post(url, "40{\"token\":\"expired\"}");
            assertThat(get(url).body()).isEqualTo("44{\"message\":\"token expired\",\"data\":{\"code\":\"TOKEN_EXPIRED\"}}");
        }

        @Test
        void anUnknownSessionIsRefused() throws Exception {
            start();
            HttpResponse<String> response = get(base() + "&sid=nope");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }

        @Test
        void theClosePacketAClientPostsAfterItsDisconnectIsAcceptedThenTheSessionIsForgotten() throws Exception {
            start(NettyTransportOptions.builder().closeTimeout(Duration.ofMillis(300)));
            String url = connected();
            CompletableFuture<HttpResponse<String>> poll = waitingPoll(url);
            assertThat(post(url, "41").body()).isEqualTo("ok");
            assertThat(poll.get().body()).isEqualTo("1");
            await().atMost(WAIT).until(() -> CloseReason.CLIENT.equals(gateway.closed.get(gateway.id(1))));
            HttpResponse<String> goodbye = post(url, "1");
            assertThat(goodbye.statusCode()).isEqualTo(200);
            assertThat(goodbye.body()).isEqualTo("ok");
            assertThat(get(url).statusCode()).as("an ended session has nothing to poll").isEqualTo(400);
            await().atMost(WAIT).until(() -> post(url, "1").statusCode() == 400);
        }

        @Test
        void aKickedPollingClientGetsDisconnectThenCloseInTheNextPoll() throws Exception {
            start();
            String url = connected();
            gateway.channels.get(gateway.id(1)).close(CloseReason.KICKED);
            // separate polls: socket.io-client would report a DISCONNECT sharing the close packet's payload as a
            // network loss ("transport close") instead of "io server disconnect"
            assertThat(get(url).body()).isEqualTo("41");
            assertThat(get(url).body()).isEqualTo("1");
            await().atMost(WAIT).until(() -> CloseReason.KICKED.equals(gateway.closed.get(gateway.id(1))));
            assertThat(get(url).statusCode()).isEqualTo(400);
        }
    }

    @Nested
    class Defences {
        @Test
        void anOverlappingPollIsA400AndEndsTheSession() throws Exception {
            start();
            String url = connected();
            CompletableFuture<HttpResponse<String>> first = waitingPoll(url);
            assertThat(get(url).statusCode()).isEqualTo(400);
            assertThat(first.get().body()).isEqualTo("1");
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
        }

        @Test
        void aBodyOverThePayloadLimitEndsTheSessionWithPayloadTooLargeOnItsPoll() throws Exception {
            start(NettyTransportOptions.builder().maxPayloadBytes(1024));
            String url = connected();
            HttpResponse<String> big = post(url, "42[\"echo\",\"" + "x".repeat(2048) + "\"]");
            assertThat(big.statusCode()).as("the refusal travels on the poll, as on a WebSocket").isEqualTo(200);
            assertThat(get(url).body()).startsWith("42[\"error\",").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
            assertThat(get(url).body()).as("the close packet in a poll of its own").isEqualTo("1");
            await().atMost(WAIT).until(() -> CloseReason.TOO_BIG.equals(gateway.closed.get(gateway.id(1))));
            assertThat(gateway.events).isEmpty();
        }

        @Test
        void aBodyOverThePayloadLimitWithoutASessionIs413() throws Exception {
            start(NettyTransportOptions.builder().maxPayloadBytes(1024));
            assertThat(post(base() + "&sid=nope", "x".repeat(2048)).statusCode()).isEqualTo(413);
        }

        @Test
        void aSessionThatStopsPollingIsClosedAfterPingIntervalPlusTimeout() throws Exception {
            start(NettyTransportOptions.builder().pingInterval(Duration.ofMillis(100))
                    .pingTimeout(Duration.ofMillis(200)));
            connected();
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
            assertThat(gateway.closed.get(gateway.id(1))).isEqualTo(CloseReason.TIMEOUT);
        }

        @Test
        void packetsWaitingForAPollAreBoundedByTheOutboundLimit() throws Exception {
            start(NettyTransportOptions.builder().maxOutboundBytes(16 * 1024));
            connected();
            OutboundEvent big = new OutboundEvent("big", Map.of("text", "x".repeat(1024)));
            for (int i = 0; i < 32 && !gateway.closed.containsKey(gateway.id(1)); i++) {
                gateway.channels.get(gateway.id(1)).send(big);
            }
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
            assertThat(gateway.closed.get(gateway.id(1))).isEqualTo(CloseReason.SLOW_READER);
        }

        @Test
        void corsEchoesAnAllowedOriginWithCredentialsAndAnswersPreflights() throws Exception {
            start(NettyTransportOptions.builder().allowedOrigins(java.util.List.of("https://app.example")));
            HttpResponse<String> open = get(base(), "Origin", "https://app.example");
            assertThat(open.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
            assertThat(open.headers().firstValue("access-control-allow-credentials")).hasValue("true");
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(base()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                    .header("Access-Control-Request-Headers", "content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST");
            assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("content-type");
            assertThat(get(base(), "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        }

        @Test
        void handshakesWaitingForCredentialsAreBounded() throws Exception {
            start(NettyTransportOptions.builder().maxUnauthenticatedPollingSessions(2));
            String first = open();
            open();
            HttpResponse<String> refused = get(base());
            assertThat(refused.statusCode()).isEqualTo(503);
            post(first, "40{\"token\":\"good\"}");
            assertThat(get(base()).statusCode()).isEqualTo(200);
        }

        @Test
        void anIdleKeepAliveConnectionIsClosedAfterTheDeadline() throws Exception {
            start(NettyTransportOptions.builder().handshakeTimeout(Duration.ofMillis(300)));
            try (Socket socket = new Socket("127.0.0.1", transport.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                long start = System.nanoTime();
                while (in.read() >= 0) {
                    // the rest of the answer, then the end of the stream when the server closes
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            }
        }

        @Test
        void requestHeadsAreBounded() throws Exception {
            start();
            assertThat(rawStatus("GET /socket.io/?EIO=4&transport=polling&x=" + "a".repeat(5000)
                    + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
            assertThat(rawStatus("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "a".repeat(17 * 1024) + "\r\n\r\n")).isEqualTo(431);
        }

        @Test
        void aConnectionThatSendsNoCompleteRequestIsClosedAtTheDeadline() throws Exception {
            start(NettyTransportOptions.builder().handshakeTimeout(Duration.ofMillis(200)));
            try (Socket socket = new Socket("127.0.0.1", transport.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("GET /socket.io/".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Nested
    class Upgrade {
        /** A JDK WebSocket on the polling session's sid, collecting text messages. */
        private WebSocket upgradeSocket(String pollingUrl, BlockingQueue<String> received) {
            String wsUrl = pollingUrl.replace("http://", "ws://").replace("transport=polling", "transport=websocket");
            return HTTP.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    received.add(data.toString());
                    socket.request(1);
                    return null;
                }
            }).join();
        }

        @Test
        void probeThenNoopThenUpgradeMovesTheSessionWithoutLosingPackets() throws Exception {
            start();
            String url = connected();
            CompletableFuture<HttpResponse<String>> poll = waitingPoll(url);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = upgradeSocket(url, received);
            ws.sendText("2probe", true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("3probe");
            assertThat(poll.get().body()).isEqualTo("6");
            // sent while the client is between transports: must arrive once, on the WebSocket
            gateway.channels.get(gateway.id(1)).send(new OutboundEvent("between", Map.of()));
            ws.sendText("5", true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("42[\"between\",{}]");
            ws.sendText("421[\"echo\",2]", true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("431[{\"success\":true,\"data\":2}]");
            assertThat(get(url).statusCode()).isEqualTo(400);
            ws.abort();
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
        }

        @Test
        void aPollThatArrivesAfterTheProbeIsAnsweredAtOnce() throws Exception {
            start();
            String url = connected();
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = upgradeSocket(url, received);
            ws.sendText("2probe", true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("3probe");
            // the client's poll was still on its way when the probe was answered: it must not wait for a ping
            assertThat(get(url).body()).isEqualTo("6");
            ws.sendText("5", true).join();
            gateway.channels.get(gateway.id(1)).send(new OutboundEvent("after", Map.of()));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("42[\"after\",{}]");
            ws.abort();
        }

        @Test
        void anUpgradeForAnUnknownSessionIsRefused() {
            start();
            assertThatThrownBy(() -> HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                    + transport.port() + "/socket.io/?EIO=4&transport=websocket&sid=nope"),
                    new WebSocket.Listener() { }).join())
                    .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        }
    }

    private int rawStatus(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", transport.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
        }
    }
}
