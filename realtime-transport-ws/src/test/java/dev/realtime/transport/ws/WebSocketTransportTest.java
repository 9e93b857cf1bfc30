package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawClient;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.transport.common.internal.codec.JsonCodec;
import dev.realtime.transport.common.internal.codec.SocketIoCodec;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebSocketTransportTest {
    private final FakeGateway gateway = new FakeGateway();
    private WebSocketTransport transport;
    private final List<TestWsClient> clients = new ArrayList<>();

    private void start(WsTransportOptions.Builder options) {
        transport = WebSocketTransport.create(options.host("127.0.0.1").port(0).build());
        transport.start(gateway);
    }

    private void start() {
        start(WsTransportOptions.builder());
    }

    private String socketIoUrl() {
        return "ws://127.0.0.1:" + transport.port() + "/socket.io/?EIO=4&transport=websocket";
    }

    private String jsonUrl() {
        return "ws://127.0.0.1:" + transport.port() + "/ws";
    }

    private TestWsClient client(String url) throws InterruptedException {
        TestWsClient c = TestWsClient.connect(url);
        clients.add(c);
        return c;
    }

    private TestWsClient client(String url, Map<String, String> headers) throws InterruptedException {
        TestWsClient c = TestWsClient.connect(url, headers);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() {
        clients.forEach(TestWsClient::close);
        if (transport != null) {
            transport.stop();
        }
    }

    private TestWsClient connectedSocketIo() throws Exception {
        TestWsClient c = client(socketIoUrl());
        assertThat(c.next()).startsWith("0{");
        c.send("40{\"token\":\"good\"}");
        assertThat(c.nextNonPing()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        assertThat(c.nextNonPing()).startsWith("42[\"connected\"");
        return c;
    }

    private TestWsClient authenticatedJson() throws Exception {
        TestWsClient c = client(jsonUrl());
        c.send("{\"event\":\"auth\",\"data\":{\"token\":\"good\"},\"ack\":1}");
        assertThat(c.next()).startsWith("{\"ack\":1,\"data\":{\"success\":true");
        assertThat(c.next()).startsWith("{\"event\":\"connected\"");
        return c;
    }

    @Nested
    class SocketIo {
        @Test
        void connectRepliesWithTheSessionIdBeforeTheEnginesFirstEvent() throws Exception {
            start();
            connectedSocketIo();
            assertThat(gateway.credentials.get(0).token()).isEqualTo("good");
            assertThat(gateway.credentials.get(0).ip()).isEqualTo("127.0.0.1");
        }

        @Test
        void openPacketAnnouncesHeartbeatAndPayloadLimit() throws Exception {
            start(WsTransportOptions.builder().pingInterval(Duration.ofMillis(1234)).pingTimeout(Duration.ofMillis(5678))
                    .maxPayloadBytes(4096));
            String open = client(socketIoUrl()).next();
            assertThat(open).contains("\"upgrades\":[]", "\"pingInterval\":1234", "\"pingTimeout\":5678",
                    "\"maxPayload\":4096");
        }

        @Test
        void refusedTokensGetConnectErrorWithMessageAndCode() throws Exception {
            start();
            TestWsClient c = client(socketIoUrl());
            c.next();
            c.send("40{\"token\":\"expired\"}");
            assertThat(c.nextNonPing()).isEqualTo("44{\"message\":\"token expired\",\"data\":{\"code\":\"TOKEN_EXPIRED\"}}");
            c.send("40");
            assertThat(c.nextNonPing()).contains("\"code\":\"AUTH_REQUIRED\"");
            c.send("40{\"token\":\"forged\"}");
            assertThat(c.nextNonPing()).contains("\"code\":\"INVALID_TOKEN\"");
            assertThat(c.awaitClose()).as("closed after too many attempts").isEqualTo(1008);
        }

        @Test
        void anAuthenticatorBugIsAnInternalErrorAndTheServerGoesOn() throws Exception {
            start();
            TestWsClient c = client(socketIoUrl());
            c.next();
            c.send("40{\"token\":\"crash\"}");
            assertThat(c.nextNonPing()).contains("\"code\":\"INTERNAL_ERROR\"");
            connectedSocketIo();
        }

        @Test
        void otherNamespacesAreRefused() throws Exception {
            start();
            TestWsClient c = client(socketIoUrl());
            c.next();
            c.send("40/admin,{\"token\":\"good\"}");
            assertThat(c.nextNonPing()).startsWith("44/admin,{\"message\":\"Invalid namespace\"");
        }

        @Test
        void eventsWithAndWithoutAck() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            c.send("427[\"echo\",{\"a\":1}]");
            assertThat(c.nextNonPing()).isEqualTo("437[{\"success\":true,\"data\":{\"a\":1}}]");
            c.send("42[\"hello\",{}]");
            assertThat(c.nextNonPing()).isEqualTo("42[\"got\",{\"name\":\"hello\"}]");
            c.send("428[\"refuse\",{}]");
            assertThat(c.nextNonPing()).contains("438[{\"success\":false", "\"code\":\"FORBIDDEN\"");
            c.send("42[\"refuse\",{}]");
            assertThat(c.nextNonPing()).startsWith("42[\"error\",{\"code\":\"FORBIDDEN\"");
        }

        @Test
        void eventsBeforeConnectAreNotDelivered() throws Exception {
            start();
            TestWsClient c = client(socketIoUrl());
            c.next();
            c.send("42[\"hello\",{}]");
            c.send("40{\"token\":\"good\"}");
            assertThat(c.nextNonPing()).startsWith("40{");
            assertThat(gateway.events).isEmpty();
        }

        @Test
        void binaryAndMalformedPacketsGetAClearError() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            c.send("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(c.nextNonPing()).contains("\"error\"", "VALIDATION_ERROR", "binary");
            c.send(new byte[] {1, 2, 3});
            assertThat(c.nextNonPing()).contains("VALIDATION_ERROR", "binary");
            c.send("42not json");
            assertThat(c.nextNonPing()).contains("VALIDATION_ERROR");
            c.send("427[\"echo\",1]");
            assertThat(c.nextNonPing()).startsWith("437[");
        }

        @Test
        void aThrowingHandlerIsContainedAndTheServerKeepsServing() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            c.send("429[\"boom\",{}]");
            assertThat(c.nextNonPing()).contains("439[{\"success\":false", "INTERNAL_ERROR");
            c.send("42[\"boom\",{}]");
            assertThat(c.nextNonPing()).contains("\"error\"", "INTERNAL_ERROR");
            c.send("421[\"echo\",2]");
            assertThat(c.nextNonPing()).isEqualTo("431[{\"success\":true,\"data\":2}]");
            connectedSocketIo();
        }

        @Test
        void heartbeatMeasuresLatency() throws Exception {
            start(WsTransportOptions.builder().pingInterval(Duration.ofMillis(50)));
            TestWsClient c = connectedSocketIo();
            // the connect helper may have swallowed the first ping; an unsolicited pong is ignored, so keep answering
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                c.send("3");
                return !gateway.heartbeats.isEmpty();
            });
            assertThat(gateway.heartbeats.get(0)).isNotNegative();
        }

        @Test
        void silentClientIsDisconnected() throws Exception {
            start(WsTransportOptions.builder().pingInterval(Duration.ofMillis(50)).pingTimeout(Duration.ofMillis(100)));
            TestWsClient c = connectedSocketIo();
            // a peer that does not answer gets no close handshake: the close frame goes out if the socket takes
            // it at once (this client still reads), then the TCP connection is closed without waiting
            assertThat(c.awaitClose()).isEqualTo(CloseReason.TIMEOUT.code());
            await().until(() -> gateway.closed.containsValue(CloseReason.TIMEOUT));
        }

        @Test
        void clientDisconnectReachesTheEngine() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            c.send("41");
            c.awaitClose();
            await().until(() -> gateway.closed.size() == 1);
        }

        @Test
        void kickSendsDisconnectFirst() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            c.send("42[\"kick\",{}]");
            assertThat(c.nextNonPing()).isEqualTo("41");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }

        @Test
        void unauthenticatedConnectionIsClosedAtTheAuthDeadline() throws Exception {
            start(WsTransportOptions.builder().authTimeout(Duration.ofMillis(200)));
            TestWsClient c = client(socketIoUrl());
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
    }

    @Nested
    class PlainJson {
        @Test
        void authThenEventsAndAcks() throws Exception {
            start();
            TestWsClient c = authenticatedJson();
            c.send("{\"event\":\"echo\",\"data\":{\"x\":true},\"ack\":2}");
            assertThat(c.next()).isEqualTo("{\"ack\":2,\"data\":{\"success\":true,\"data\":{\"x\":true}}}");
            c.send("{\"event\":\"hello\",\"data\":{}}");
            assertThat(c.next()).isEqualTo("{\"event\":\"got\",\"data\":{\"name\":\"hello\"}}");
            c.send("{\"event\":\"refuse\",\"ack\":3}");
            assertThat(c.next()).contains("\"ack\":3", "\"success\":false", "FORBIDDEN");
            c.send("not json");
            assertThat(c.next()).startsWith("{\"event\":\"error\"").contains("VALIDATION_ERROR");
        }

        @Test
        void authWithoutAckStillGetsTheEnginesEvents() throws Exception {
            start();
            TestWsClient c = client(jsonUrl());
            c.send("{\"event\":\"auth\",\"data\":{\"token\":\"good\"}}");
            assertThat(c.next()).startsWith("{\"event\":\"connected\"");
        }

        @Test
        void firstFrameMustBeAuth() throws Exception {
            start();
            TestWsClient c = client(jsonUrl());
            c.send("{\"event\":\"room:join\",\"data\":{}}");
            assertThat(c.next()).contains("\"event\":\"error\"", "AUTH_REQUIRED");
            assertThat(c.awaitClose()).isEqualTo(1008);
            assertThat(gateway.events).isEmpty();
        }

        @Test
        void refusedTokenIsAnsweredThenClosed() throws Exception {
            start();
            TestWsClient c = client(jsonUrl());
            c.send("{\"event\":\"auth\",\"data\":{\"token\":\"expired\"},\"ack\":1}");
            assertThat(c.next()).contains("\"ack\":1", "TOKEN_EXPIRED");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }

        @Test
        void noAuthFrameInTimeClosesWithPolicyViolation() throws Exception {
            start(WsTransportOptions.builder().authTimeout(Duration.ofMillis(200)));
            TestWsClient c = client(jsonUrl());
            assertThat(c.awaitClose()).isEqualTo(1008);
        }

        @Test
        void websocketPingPongMeasuresLatency() throws Exception {
            start(WsTransportOptions.builder().pingInterval(Duration.ofMillis(50)));
            authenticatedJson();
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.heartbeats.isEmpty());
        }

        @Test
        void tokenMayComeFromAnAuthorizationHeader() throws Exception {
            start();
            TestWsClient c = client(jsonUrl(), Map.of("Authorization", "Bearer good"));
            c.send("{\"event\":\"auth\",\"data\":{}}");
            assertThat(c.next()).startsWith("{\"event\":\"connected\"");
            assertThat(gateway.credentials.get(0).headers()).doesNotContainKey("authorization");
        }
    }

    @Nested
    class Defences {
        private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + path));
            headers.forEach(request::header);
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void pollingIsRefusedWithA400ThatSaysWhatToDo() throws Exception {
            start();
            HttpResponse<String> response = get("/socket.io/?EIO=4&transport=polling",
                    Map.of("Origin", "https://app.example.com"));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as("a browser may read why")
                    .hasValue("*");
            assertThat(response.body()).contains("\"code\":3", "transports: [\\\"websocket\\\"]");
        }

        @Test
        void oldEngineIoVersionAndUnknownPathsAreRefused() throws Exception {
            start();
            assertThat(get("/socket.io/?EIO=3&transport=websocket", Map.of()).statusCode()).isEqualTo(400);
            assertThat(get("/elsewhere", Map.of()).statusCode()).isEqualTo(404);
        }

        @Test
        void foreignOriginIsRefusedBeforeTheWebSocketOpens() throws Exception {
            start(WsTransportOptions.builder().allowedOrigins(List.of("https://app.example.com")));
            TestWsClient refused = new TestWsClient(jsonUrl(), Map.of("Origin", "https://evil.example.com"));
            assertThat(refused.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
            assertThat(refused.opened).isNotDone();
            TestWsClient allowed = client(jsonUrl(), Map.of("Origin", "https://APP.example.com/"));
            assertThat(allowed.isOpen()).isTrue();
            assertThat(RawClient.answerTo(transport.port(), "/ws", "https://evil.example.com")).startsWith("HTTP/1.1 403");
        }

        @Test
        void oversizedFrameClosesOnlyThatConnection() throws Exception {
            start(WsTransportOptions.builder().maxPayloadBytes(1024));
            TestWsClient big = authenticatedJson();
            TestWsClient other = authenticatedJson();
            big.send("{\"event\":\"echo\",\"data\":\"" + "x".repeat(2000) + "\"}");
            assertThat(big.awaitClose()).isEqualTo(1009);
            assertThat(big.messages).anyMatch(m -> m.contains("\"code\":\"PAYLOAD_TOO_LARGE\""));
            other.send("{\"event\":\"echo\",\"data\":1,\"ack\":5}");
            assertThat(other.next()).startsWith("{\"ack\":5");
        }

        @Test
        void connectionThatNeverUpgradesIsClosedAtTheHandshakeDeadline() throws Exception {
            start(WsTransportOptions.builder().handshakeTimeout(Duration.ofMillis(200)));
            try (Socket socket = new Socket("127.0.0.1", transport.port())) {
                socket.setSoTimeout(10_000);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }

        @Test
        void aReaderThatFallsBehindIsClosedWhileOthersKeepReceiving() throws Exception {
            start(WsTransportOptions.builder().maxOutboundBytes(256 * 1024));
            TestWsClient reader = authenticatedJson();
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new java.net.InetSocketAddress("127.0.0.1", transport.port()));
                OutputStream out = stalled.getOutputStream();
                out.write(RawClient.upgrade("/ws", null));
                out.write(RawClient.text("{\"event\":\"auth\",\"data\":{\"token\":\"good\"}}"));
                out.flush();
                await().until(() -> gateway.channels.size() == 2);
                List<ConnectionChannel> all = List.copyOf(gateway.channels.values());
                String payload = "y".repeat(8 * 1024);
                int sent = 0;
                while (transport.slowReadersClosed() == 0 && sent < 4000) {
                    int before = reader.received.get();
                    for (int i = 0; i < 10; i++) {
                        transport.fanOut(new OutboundEvent("bulk", Map.of("i", sent++, "p", payload)), all);
                    }
                    // the healthy reader keeps up with each batch; the stalled one never reads
                    await().atMost(Duration.ofSeconds(10)).until(() -> reader.received.get() >= before + 10);
                    reader.messages.clear();
                }
                assertThat(transport.slowReadersClosed()).isEqualTo(1);
                await().until(() -> gateway.closed.size() == 1);
                assertThat(gateway.closed).containsEntry(gateway.id(2), CloseReason.SLOW_READER);
                reader.messages.clear();
                transport.fanOut(new OutboundEvent("after", Map.of()), List.copyOf(gateway.channels.values()));
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.messages.stream()
                        .anyMatch(m -> m.startsWith("{\"event\":\"after\"")));
                assertThat(reader.isOpen()).isTrue();
            }
        }

        @Test
        void fanOutEncodesOncePerProtocol() throws Exception {
            start();
            authenticatedJson();
            connectedSocketIo();
            OutboundEvent event = new OutboundEvent("news", Map.of("n", 1));
            transport.fanOut(event, List.copyOf(gateway.channels.values()));
            assertThat(event.<Object>encoded(SocketIoCodec.INSTANCE, e -> {
                throw new AssertionError("encoded twice");
            })).isNotNull();
            assertThat(event.<Object>encoded(JsonCodec.INSTANCE, e -> {
                throw new AssertionError("encoded twice");
            })).isNotNull();
        }

        @Test
        void stopCutsSocketIoConnectionsAsGoingAway() throws Exception {
            start();
            TestWsClient c = connectedSocketIo();
            transport.stop();
            // no close frame for Socket.IO clients: OkHttp-based ones would stop reading and wait for their ping timeout
            assertThat(c.awaitClose()).isEqualTo(1006);
            assertThat(gateway.closed.values()).containsOnly(CloseReason.GOING_AWAY);
            transport = null;
        }
    }
}
