package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The guarantees every network {@link Transport} must keep, one {@code @Nested} class per capability, driven
 * by a real WebSocket client (the JDK's) against a stand-in engine. A transport runs the suite by extending
 * this class:
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *     protected Transport newTransport(Settings s) {
 *         return MyTransport.create(MyOptions.builder().host("127.0.0.1").port(0)
 *                 .pingInterval(s.pingInterval()).pingTimeout(s.pingTimeout()).authTimeout(s.authTimeout())
 *                 .maxOutboundBytes(s.maxOutboundBytes()).maxPayloadBytes(s.maxPayloadBytes()).build());
 *     }
 *     protected int port(Transport t) { return ((MyTransport) t).port(); }
 * }
 * }</pre>
 *
 * <p>The transport must serve Socket.IO v5 over WebSocket at {@code /socket.io/?EIO=4&transport=websocket} and
 * the plain JSON protocol at {@code /ws} on 127.0.0.1.
 */
public abstract class TransportContract {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * What a test needs the transport configured with.
     *
     * @param pingInterval     time between heartbeat pings
     * @param pingTimeout      time to answer one
     * @param authTimeout      time an opened connection has to authenticate
     * @param maxOutboundBytes unsent output after which a connection is dropped as a slow reader
     * @param maxPayloadBytes  largest client message
     */
    public record Settings(Duration pingInterval, Duration pingTimeout, Duration authTimeout, long maxOutboundBytes,
                           int maxPayloadBytes) {
        /** Heartbeats that never interfere, generous deadlines, 1 MiB of output, 64 KiB messages. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), 1 << 20,
                    64 * 1024);
        }

        Settings withHeartbeat(Duration interval, Duration timeout) {
            return new Settings(interval, timeout, authTimeout, maxOutboundBytes, maxPayloadBytes);
        }

        Settings withAuthTimeout(Duration value) {
            return new Settings(pingInterval, pingTimeout, value, maxOutboundBytes, maxPayloadBytes);
        }

        Settings withMaxOutboundBytes(long value) {
            return new Settings(pingInterval, pingTimeout, authTimeout, value, maxPayloadBytes);
        }
    }

    /** A new, unstarted transport bound to 127.0.0.1 on a free port, configured with {@code settings}. */
    protected abstract Transport newTransport(Settings settings);

    /** The port a started transport listens on. */
    protected abstract int port(Transport transport);

    private final ContractGateway gateway = new ContractGateway();
    private final List<ContractClient> clients = new ArrayList<>();
    private Transport transport;

    private void start(Settings settings) {
        transport = newTransport(settings);
        transport.start(gateway);
    }

    private void start() {
        start(Settings.defaults());
    }

    @AfterEach
    void stopTransport() {
        clients.forEach(ContractClient::close);
        if (transport != null) {
            transport.stop();
        }
    }

    private String socketIoUrl() {
        return "ws://127.0.0.1:" + port(transport) + "/socket.io/?EIO=4&transport=websocket";
    }

    private String jsonUrl() {
        return "ws://127.0.0.1:" + port(transport) + "/ws";
    }

    private ContractClient client(String url) {
        return track(ContractClient.connect(url));
    }

    private ContractClient track(ContractClient client) {
        clients.add(client);
        return client;
    }

    private ContractClient socketIo() throws InterruptedException {
        return socketIo(Integer.MAX_VALUE);
    }

    /** A connected Socket.IO client that reads {@code readLimit} messages (3 for the handshake), then stalls. */
    private ContractClient socketIo(int readLimit) throws InterruptedException {
        ContractClient c = track(ContractClient.connect(socketIoUrl(), Map.of(), readLimit));
        assertThat(c.next()).startsWith("0{\"sid\":");
        c.send("40{\"token\":\"good\"}");
        assertThat(c.nextNonPing()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        assertThat(c.nextNonPing()).startsWith("42[\"connected\"");
        return c;
    }

    private ContractClient json() throws InterruptedException {
        ContractClient c = client(jsonUrl());
        c.send("{\"event\":\"auth\",\"data\":{\"token\":\"good\"},\"ack\":1}");
        assertThat(c.next()).startsWith("{\"ack\":1,\"data\":{\"success\":true,\"data\":{\"socketId\":\"");
        assertThat(c.next()).startsWith("{\"event\":\"connected\"");
        return c;
    }

    private ConnectionChannel onlyChannel() {
        await().atMost(WAIT).until(() -> gateway.channels.size() == 1);
        return gateway.channels.values().iterator().next();
    }

    /** Opening a connection and the answer to its credentials. */
    @Nested
    class Handshake {
        @Test
        void socketIoOpensWithAnOpenPacketAndAnswersConnectBeforeTheEnginesFirstEvent() throws Exception {
            start();
            ContractClient c = client(socketIoUrl());
            assertThat(c.next()).startsWith("0{\"sid\":").contains("\"pingInterval\":30000", "\"pingTimeout\":30000",
                    "\"maxPayload\":65536");
            c.send("40{\"token\":\"good\"}");
            // the CONNECT reply carries the id the transport registered, and the engine speaks only after it
            assertThat(c.nextNonPing()).isEqualTo("40{\"sid\":\"" + gateway.id(1) + "\"}");
            assertThat(c.nextNonPing()).isEqualTo("42[\"connected\",{\"socketId\":\"" + gateway.id(1) + "\"}]");
        }

        @Test
        void jsonAcksTheAuthFrameBeforeTheEnginesFirstEvent() throws Exception {
            start();
            json();
            assertThat(gateway.channels).hasSize(1);
        }

        @Test
        void theTokenMayComeFromTheQueryOrAnAuthorizationHeader() throws Exception {
            start();
            ContractClient c = client(socketIoUrl() + "&token=good");
            c.next();
            c.send("40");
            assertThat(c.nextNonPing()).startsWith("40{\"sid\":");
            ContractClient h = track(ContractClient.connect(jsonUrl(), Map.of("Authorization", "Bearer good"),
                    Integer.MAX_VALUE));
            h.send("{\"event\":\"auth\",\"ack\":7}");
            assertThat(h.next()).startsWith("{\"ack\":7,\"data\":{\"success\":true");
            assertThat(gateway.credentials).last().satisfies(cred -> {
                assertThat(cred.token()).isEqualTo("good");
                assertThat(cred.headers()).doesNotContainKey("authorization");
            });
        }

        @Test
        void unknownPathsAreRefusedBeforeAnythingOpens() {
            start();
            assertThatThrownBy(() -> ContractClient.connect("ws://127.0.0.1:" + port(transport) + "/nope"))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(gateway.credentials).isEmpty();
        }
    }

    /** Refused credentials reach the client with their code; silence is cut off. */
    @Nested
    class Auth {
        @Test
        void socketIoRefusalIsAConnectErrorWithTheCode() throws Exception {
            start();
            ContractClient c = client(socketIoUrl());
            c.next();
            c.send("40{\"token\":\"expired\"}");
            assertThat(c.nextNonPing())
                    .isEqualTo("44{\"message\":\"token expired\",\"data\":{\"code\":\"TOKEN_EXPIRED\"}}");
            c.send("40{\"token\":\"bogus\"}");
            assertThat(c.nextNonPing()).contains("\"code\":\"INVALID_TOKEN\"");
            c.send("40{\"token\":\"good\"}");
            assertThat(c.nextNonPing()).startsWith("40{\"sid\":");
        }

        @Test
        void jsonRefusalIsAnsweredThenClosedWithPolicyViolation() throws Exception {
            start();
            ContractClient c = client(jsonUrl());
            c.send("{\"event\":\"auth\",\"data\":{\"token\":\"bogus\"},\"ack\":1}");
            assertThat(c.next()).contains("\"success\":false", "\"code\":\"INVALID_TOKEN\"");
            assertThat(c.closeCode()).isEqualTo(1008);
        }

        @Test
        void jsonFirstFrameMustBeAuth() throws Exception {
            start();
            ContractClient c = client(jsonUrl());
            c.send("{\"event\":\"echo\",\"data\":1}");
            assertThat(c.next()).contains("\"event\":\"error\"", "AUTH_REQUIRED");
            assertThat(c.closeCode()).isEqualTo(1008);
        }

        @Test
        void aConnectionThatDoesNotAuthenticateInTimeIsClosed() {
            start(Settings.defaults().withAuthTimeout(Duration.ofMillis(300)));
            ContractClient sio = client(socketIoUrl());
            ContractClient plain = client(jsonUrl());
            assertThat(sio.closeCode()).isIn(1008, ContractClient.NO_CLOSE_FRAME);
            assertThat(plain.closeCode()).isIn(1008, ContractClient.NO_CLOSE_FRAME);
            assertThat(gateway.channels).isEmpty();
        }
    }

    /** Client events reach the engine in order; acks and refusals come back on the right connection. */
    @Nested
    class Events {
        @Test
        void socketIoEventsWithAndWithoutAck() throws Exception {
            start();
            ContractClient c = socketIo();
            c.send("4212[\"echo\",{\"x\":1}]");
            assertThat(c.nextNonPing()).isEqualTo("4312[{\"success\":true,\"data\":{\"x\":1}}]");
            c.send("42[\"hello\"]");
            assertThat(c.nextNonPing()).isEqualTo("42[\"got\",{\"name\":\"hello\"}]");
            c.send("427[\"refuse\"]");
            assertThat(c.nextNonPing()).contains("437[{\"success\":false", "FORBIDDEN");
            String id = gateway.id(1);
            assertThat(gateway.events).containsExactly(id + ":echo", id + ":hello", id + ":refuse");
        }

        @Test
        void jsonEventsWithAndWithoutAck() throws Exception {
            start();
            ContractClient c = json();
            c.send("{\"event\":\"echo\",\"data\":[1,2],\"ack\":5}");
            assertThat(c.next()).isEqualTo("{\"ack\":5,\"data\":{\"success\":true,\"data\":[1,2]}}");
            c.send("{\"event\":\"hello\"}");
            assertThat(c.next()).isEqualTo("{\"event\":\"got\",\"data\":{\"name\":\"hello\"}}");
        }

        @Test
        void aThrowingHandlerIsContainedAndTheConnectionKeepsWorking() throws Exception {
            start();
            ContractClient c = socketIo();
            c.send("423[\"boom\"]");
            assertThat(c.nextNonPing()).contains("433[{\"success\":false", "INTERNAL_ERROR");
            c.send("424[\"echo\",1]");
            assertThat(c.nextNonPing()).isEqualTo("434[{\"success\":true,\"data\":1}]");
        }

        @Test
        void malformedFramesGetAClearErrorNotAClose() throws Exception {
            start();
            ContractClient c = socketIo();
            c.send("42[not json");
            assertThat(c.nextNonPing()).startsWith("42[\"error\"").contains("VALIDATION_ERROR");
            assertThat(c.isClosed()).isFalse();
        }
    }

    /** One event to many connections of both protocols. */
    @Nested
    class FanOut {
        @Test
        void everyRecipientGetsTheEventInItsProtocol() throws Exception {
            start();
            List<ContractClient> sio = List.of(socketIo(), socketIo());
            ContractClient plain = json();
            transport.fanOut(new OutboundEvent("message:new", Map.of("text", "hi")),
                    List.copyOf(gateway.channels.values()));
            for (ContractClient c : sio) {
                assertThat(c.nextNonPing()).isEqualTo("42[\"message:new\",{\"text\":\"hi\"}]");
            }
            assertThat(plain.next()).isEqualTo("{\"event\":\"message:new\",\"data\":{\"text\":\"hi\"}}");
        }

        @Test
        void channelSendDeliversToThatConnectionOnly() throws Exception {
            start();
            ContractClient first = socketIo();
            gateway.channels.get(gateway.id(1)).send(new OutboundEvent("only", Map.of()));
            assertThat(first.nextNonPing()).isEqualTo("42[\"only\",{}]");
        }
    }

    /** Unsent output is bounded: a reader that stops reading is dropped, the others are not held up. */
    @Nested
    class SlowReader {
        @Test
        void aStalledReaderIsDroppedWhileOthersKeepReceiving() throws Exception {
            start(Settings.defaults().withMaxOutboundBytes(64 * 1024));
            socketIo(3);
            ContractClient reader = socketIo();
            ConnectionChannel stalledChannel = gateway.channels.get(gateway.id(1));
            OutboundEvent big = new OutboundEvent("big", Map.of("text", "x".repeat(16 * 1024)));
            // socket buffers may take megabytes before the server's own queue grows: keep going until it gives up
            for (int i = 0; i < 4_000 && !gateway.closed.containsKey(gateway.id(1)); i++) {
                transport.fanOut(big, List.of(stalledChannel));
            }
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
            assertThat(gateway.closed.get(gateway.id(1))).isEqualTo(CloseReason.SLOW_READER);
            gateway.channels.get(gateway.id(2)).send(new OutboundEvent("still", Map.of()));
            assertThat(reader.nextNonPing()).isEqualTo("42[\"still\",{}]");
        }
    }

    /** The server pings, measures the answer and ends silent connections. */
    @Nested
    class Heartbeats {
        @Test
        void socketIoPingsAreAnsweredAndMeasured() throws Exception {
            start(Settings.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(5)));
            ContractClient c = socketIo();
            for (int i = 0; i < 2; i++) {
                String next = c.next();
                while (!"2".equals(next)) {
                    next = c.next();
                }
                c.send("3");
            }
            await().atMost(WAIT).until(() -> gateway.heartbeats.size() >= 2);
            assertThat(gateway.heartbeats).allMatch(ms -> ms >= 0 && ms < 5_000);
        }

        @Test
        void aSilentSocketIoClientIsDisconnected() throws Exception {
            start(Settings.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(200)));
            socketIo();
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
            assertThat(gateway.closed.get(gateway.id(1))).isEqualTo(CloseReason.TIMEOUT);
        }

        @Test
        void jsonConnectionsAreCheckedWithWebSocketPings() throws Exception {
            start(Settings.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(5)));
            json();
            await().atMost(WAIT).until(() -> gateway.heartbeats.size() >= 2);
            assertThat(gateway.closed).isEmpty();
        }
    }

    /** Each way a connection ends has its close code, and the engine hears of it once. */
    @Nested
    class CloseCodes {
        @Test
        void aKickedSocketIoClientGetsDisconnectThenPolicyClose() throws Exception {
            start();
            ContractClient c = socketIo();
            c.send("42[\"kick\"]");
            assertThat(c.nextNonPing()).isEqualTo("41");
            assertThat(c.closeCode()).isEqualTo(1008);
            await().atMost(WAIT).until(() -> CloseReason.KICKED.equals(gateway.closed.get(gateway.id(1))));
        }

        @Test
        void aMessageOverThePayloadLimitClosesWith1009() throws Exception {
            start();
            ContractClient c = json();
            ContractClient other = json();
            c.send("{\"event\":\"echo\",\"data\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertThat(c.closeCode()).isEqualTo(1009);
            other.send("{\"event\":\"echo\",\"data\":1,\"ack\":2}");
            assertThat(other.next()).startsWith("{\"ack\":2");
        }

        @Test
        void aClientDisconnectReachesTheEngine() throws Exception {
            start();
            ContractClient c = socketIo();
            c.send("41");
            await().atMost(WAIT).until(() -> gateway.closed.containsKey(gateway.id(1)));
            assertThat(c.closeCode()).isEqualTo(1000);
        }

        @Test
        void theEngineClosingAConnectionSendsItsCode() throws Exception {
            start();
            ContractClient c = json();
            onlyChannel().close(CloseReason.POLICY);
            assertThat(c.closeCode()).isEqualTo(1008);
            await().atMost(WAIT).until(() -> CloseReason.POLICY.equals(gateway.closed.get(gateway.id(1))));
        }
    }

    /** Stopping closes every connection as going away and tells the engine. */
    @Nested
    class Stop {
        /**
         * A Socket.IO connection is cut without a close frame: OkHttp-based clients (Java, Android) stop
         * reading at a close frame and would notice the stop only at their ping timeout; a cut they notice at
         * once and reconnect. Plain JSON clients get 1001.
         */
        @Test
        void stopCutsSocketIoConnectionsAndClosesJsonConnectionsWith1001() throws Exception {
            start();
            ContractClient sio = socketIo();
            ContractClient plain = json();
            transport.stop();
            transport = null;
            assertThat(sio.closeCode()).isEqualTo(ContractClient.NO_CLOSE_FRAME);
            assertThat(plain.closeCode()).isEqualTo(1001);
            assertThat(gateway.closed).hasSize(2).allSatisfy((id, why) ->
                    assertThat(why).isEqualTo(CloseReason.GOING_AWAY));
        }
    }
}
