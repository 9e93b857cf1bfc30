package dev.realtime.transport.common.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketIoCodecTest {
    private final SocketIoCodec codec = SocketIoCodec.INSTANCE;

    @Nested
    class EngineIoPackets {
        @Test
        void pongIsTheHeartbeatAnswer() {
            assertThat(codec.decode("3")).isInstanceOf(ClientFrame.Pong.class);
        }

        @Test
        void clientPingIsAnsweredWithItsData() {
            assertThat(codec.decode("2probe")).isEqualTo(new ClientFrame.Ping("probe"));
            assertThat(codec.pongPacket("probe")).isEqualTo("3probe");
        }

        @Test
        void closeMeansDisconnect() {
            assertThat(codec.decode("1")).isEqualTo(new ClientFrame.Disconnect("/"));
        }

        @Test
        void noopAndUpgradeAreIgnored() {
            assertThat(codec.decode("6")).isInstanceOf(ClientFrame.Ignored.class);
            assertThat(codec.decode("5")).isInstanceOf(ClientFrame.Ignored.class);
        }

        @Test
        void openPacketCarriesTheHeartbeatSettings() throws Exception {
            String open = codec.openPacket("abc", 25_000, 20_000, 1_000_000);
            assertThat(open).startsWith("0");
            var json = Json.reader().readTree(open.substring(1));
            assertThat(json.get("sid").asText()).isEqualTo("abc");
            assertThat(json.get("upgrades").isArray()).isTrue();
            assertThat(json.get("upgrades")).isEmpty();
            assertThat(json.get("pingInterval").asLong()).isEqualTo(25_000);
            assertThat(json.get("pingTimeout").asLong()).isEqualTo(20_000);
            assertThat(json.get("maxPayload").asLong()).isEqualTo(1_000_000);
        }
    }

    @Nested
    class SocketIoPackets {
        @Test
        void connectWithoutAuthHasAnEmptyAuthObject() {
            ClientFrame frame = codec.decode("40");
            assertThat(frame).isInstanceOf(ClientFrame.Connect.class);
            ClientFrame.Connect connect = (ClientFrame.Connect) frame;
            assertThat(connect.namespace()).isEqualTo("/");
            assertThat(connect.auth().isObject()).isTrue();
            assertThat(connect.auth()).isEmpty();
        }

        @Test
        void connectCarriesTheAuthObject() {
            ClientFrame.Connect connect = (ClientFrame.Connect) codec.decode("40{\"token\":\"t.k.n\"}");
            assertThat(connect.auth().get("token").asText()).isEqualTo("t.k.n");
        }

        @Test
        void connectToAnotherNamespaceNamesIt() {
            ClientFrame.Connect connect = (ClientFrame.Connect) codec.decode("40/admin,{\"token\":\"x\"}");
            assertThat(connect.namespace()).isEqualTo("/admin");
            assertThat(connect.auth().get("token").asText()).isEqualTo("x");
            assertThat(((ClientFrame.Connect) codec.decode("40/admin,")).namespace()).isEqualTo("/admin");
            assertThat(((ClientFrame.Connect) codec.decode("40/admin")).namespace()).isEqualTo("/admin");
        }

        @Test
        void eventWithoutAck() {
            ClientFrame.Event event = (ClientFrame.Event) codec.decode("42[\"room:join\",{\"roomName\":\"general\"}]");
            assertThat(event.namespace()).isEqualTo("/");
            assertThat(event.event().name()).isEqualTo("room:join");
            assertThat(event.event().data().get("roomName").asText()).isEqualTo("general");
            assertThat(event.event().wantsAck()).isFalse();
        }

        @Test
        void eventWithAckId() {
            ClientFrame.Event event = (ClientFrame.Event) codec.decode("4217[\"ping\",{}]");
            assertThat(event.event().ackId()).isEqualTo(17);
            assertThat(event.event().name()).isEqualTo("ping");
        }

        @Test
        void eventWithoutPayloadHasNullData() {
            ClientFrame.Event event = (ClientFrame.Event) codec.decode("420[\"ping\"]");
            assertThat(event.event().data().isNull()).isTrue();
            assertThat(event.event().ackId()).isZero();
        }

        @Test
        void eventInANamespace() {
            ClientFrame.Event event = (ClientFrame.Event) codec.decode("42/chat,5[\"x\",1]");
            assertThat(event.namespace()).isEqualTo("/chat");
            assertThat(event.event().ackId()).isEqualTo(5);
        }

        @Test
        void disconnect() {
            assertThat(codec.decode("41")).isEqualTo(new ClientFrame.Disconnect("/"));
            assertThat(codec.decode("41/chat,")).isEqualTo(new ClientFrame.Disconnect("/chat"));
        }

        @Test
        void clientAcksAreIgnoredBecauseTheServerAsksForNone() {
            assertThat(codec.decode("431[\"ok\"]")).isInstanceOf(ClientFrame.Ignored.class);
        }

        @Test
        void binaryPacketsAreRefusedClearly() {
            ClientFrame frame = codec.decode("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(frame).isInstanceOf(ClientFrame.Invalid.class);
            assertThat(((ClientFrame.Invalid) frame).message()).contains("binary");
            assertThat(codec.decode("461-0[{\"_placeholder\":true,\"num\":0}]")).isInstanceOf(ClientFrame.Invalid.class);
        }
    }

    @Nested
    class MalformedInput {
        @ParameterizedTest
        @ValueSource(strings = {"", "0", "9", "x", "4", "47", "4x", "42", "42{", "42{}", "42[]", "42[1,2]",
            "42[\"\"]", "42not json", "40[1]", "40\"s\"", "44{\"message\":\"x\"}",
            "421234567890123456789[\"e\"]", "42[\"a\",{]", "4\u0000", "42[\"ping\",{}]xyz", "42[\"ping\"] []",
            "40{\"token\":\"t\"}garbage"})
        void becomesAClearErrorNeverAnException(String text) {
            assertThatCode(() -> codec.decode(text)).doesNotThrowAnyException();
            ClientFrame frame = codec.decode(text);
            assertThat(frame).isInstanceOf(ClientFrame.Invalid.class);
            ClientFrame.Invalid invalid = (ClientFrame.Invalid) frame;
            assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(invalid.message()).isNotBlank();
        }

        @Test
        void nullIsInvalid() {
            assertThat(codec.decode(null)).isInstanceOf(ClientFrame.Invalid.class);
        }
    }

    @Nested
    class Encoding {
        @Test
        void eventIsAnArrayOfNameAndPayload() {
            byte[] text = codec.encodeEvent("message:new", "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("42[\"message:new\",{\"id\":\"1\"}]");
        }

        @Test
        void eventNameIsJsonEscaped() {
            byte[] text = codec.encodeEvent("a\"b", "1".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("42[\"a\\\"b\",1]");
        }

        @Test
        void ackCarriesTheIdAndOneArgument() {
            byte[] text = codec.encodeAck(12, AckReply.ok(Map.of("id", "m1")));
            assertThat(new String(text, StandardCharsets.UTF_8))
                    .isEqualTo("4312[{\"success\":true,\"data\":{\"id\":\"m1\"}}]");
        }

        @Test
        void failedAckCarriesTheError() {
            byte[] text = codec.encodeAck(3, AckReply.failed(RealtimeError.of(ErrorCode.NOT_IN_ROOM, "join first")));
            assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo(
                    "433[{\"success\":false,\"error\":{\"code\":\"NOT_IN_ROOM\",\"message\":\"join first\"}}]");
        }

        @Test
        void connectReplies() {
            assertThat(codec.connectOk("s1")).isEqualTo("40{\"sid\":\"s1\"}");
            assertThat(codec.connectError(RealtimeError.of(ErrorCode.TOKEN_EXPIRED, "token expired")))
                    .isEqualTo("44{\"message\":\"token expired\",\"data\":{\"code\":\"TOKEN_EXPIRED\"}}");
            assertThat(codec.invalidNamespace("/admin")).startsWith("44/admin,{\"message\":\"Invalid namespace\"");
        }

        @Test
        void eventFrameIsBuiltOnceAndShared() {
            OutboundEvent event = new OutboundEvent("pong", Map.of("serverTime", 1));
            ByteBuffer first = codec.eventFrame(event);
            ByteBuffer second = codec.eventFrame(event);
            assertThat(second).isSameAs(first);
            assertThat(first.isReadOnly()).isTrue();
            ByteBuffer json = JsonCodec.INSTANCE.eventFrame(event);
            assertThat(json).isNotSameAs(first);
            assertThat(JsonCodec.INSTANCE.eventFrame(event)).isSameAs(json);
        }

        @Test
        void decodedEventRoundTrips() {
            InboundEvent in = ((ClientFrame.Event) codec.decode("42[\"x\",{\"a\":[1,2]}]")).event();
            assertThat(in.data().get("a").size()).isEqualTo(2);
        }
    }
}
