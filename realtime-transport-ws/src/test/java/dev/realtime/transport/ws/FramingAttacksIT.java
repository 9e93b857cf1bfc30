package dev.realtime.transport.ws;

import static dev.realtime.testkit.wire.RawWs.BINARY;
import static dev.realtime.testkit.wire.RawWs.CLOSE;
import static dev.realtime.testkit.wire.RawWs.CONTINUATION;
import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.PING;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.closePayload;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.header;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.testkit.wire.RawWs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The framing matrix (RFC 6455 section 5) replayed over real sockets, before and after authentication:
 * each broken rule ends only that connection, with the close code the RFC asks for.
 */
class FramingAttacksIT extends AttackFixture {
    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};

    private int closeCodeFor(byte[] attack, boolean authenticate) throws Exception {
        try (RawWs ws = authenticate ? authenticated("mallory") : RawWs.upgraded(port(), "/ws")) {
            ws.write(attack);
            return ws.awaitClose();
        }
    }

    @ParameterizedTest(name = "authenticated={0}")
    @ValueSource(booleans = {false, true})
    void anUnmaskedFrameIsAProtocolError(boolean authenticated) throws Exception {
        assertThat(closeCodeFor(frame(FIN | TEXT, utf8("{\"event\":\"ping\"}"), false), authenticated))
                .isEqualTo(1002);
    }

    @ParameterizedTest(name = "first byte {0}")
    @ValueSource(ints = {FIN | 0x40 | TEXT, FIN | 0x20 | TEXT, FIN | 0x10 | BINARY})
    void reservedBitsWithoutAnExtensionAreAProtocolError(int firstByte) throws Exception {
        assertThat(closeCodeFor(frame(firstByte, utf8("{}")), true)).isEqualTo(1002);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0x7, 0xB, 0xF})
    void reservedOpcodesAreAProtocolError(int opcode) throws Exception {
        assertThat(closeCodeFor(frame(FIN | opcode, new byte[0]), false)).isEqualTo(1002);
    }

    @Test
    void aControlFrameOver125BytesIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(frame(FIN | PING, new byte[126]), true)).isEqualTo(1002);
    }

    @Test
    void aFragmentedControlFrameIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(frame(PING, utf8("no fin")), true)).isEqualTo(1002);
    }

    @Test
    void aContinuationWithoutAStartIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(frame(FIN | CONTINUATION, utf8("orphan")), true)).isEqualTo(1002);
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(concat(frame(TEXT, utf8("{\"ev")), frame(FIN | TEXT, utf8("{}"))), true))
                .isEqualTo(1002);
    }

    @Test
    void aLengthWithItsTopBitSetIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(header(FIN | TEXT, Long.MIN_VALUE + 5), false)).isEqualTo(1002);
    }

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAnyPayloadArrives() throws Exception {
        assertThat(closeCodeFor(header(FIN | BINARY, 1L << 40), true)).isEqualTo(1009);
    }

    @Test
    void invalidUtf8TextIsInvalidPayload() throws Exception {
        assertThat(closeCodeFor(frame(FIN | TEXT, INVALID_UTF8), true)).isEqualTo(1007);
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsInvalidPayload() throws Exception {
        byte[] attack = concat(frame(TEXT, new byte[] {'"', (byte) 0xC3}),
                frame(FIN | CONTINUATION, new byte[] {(byte) 0x28, '"'}));
        assertThat(closeCodeFor(attack, true)).isEqualTo(1007);
    }

    @Test
    void aCloseReasonThatIsNotUtf8IsAnsweredWith1007() throws Exception {
        assertThat(closeCodeFor(frame(FIN | CLOSE, closePayload(1000, INVALID_UTF8)), false)).isEqualTo(1007);
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2000, 5000})
    void aCloseCodeAPeerMayNotSendIsAProtocolError(int code) throws Exception {
        assertThat(closeCodeFor(frame(FIN | CLOSE, closePayload(code, utf8("bye"))), true)).isEqualTo(1002);
    }

    @Test
    void aOneByteCloseFrameIsAProtocolError() throws Exception {
        assertThat(closeCodeFor(frame(FIN | CLOSE, new byte[] {3}), true)).isEqualTo(1002);
    }

    @Test
    void aValidCloseIsEchoed() throws Exception {
        assertThat(closeCodeFor(frame(FIN | CLOSE, closePayload(1000, utf8("bye"))), true)).isEqualTo(1000);
    }

    @Test
    void aMessageOverThePreAuthenticationLimitIsTooBig() throws Exception {
        assertThat(closeCodeFor(frame(FIN | TEXT, new byte[MAX_PRE_AUTH_PAYLOAD + 1]), false)).isEqualTo(1009);
    }

    @Test
    void anUnfinishedFragmentedMessageIsCutOffAtThePreAuthenticationLimit() throws Exception {
        ByteArrayOutputStream attack = new ByteArrayOutputStream();
        attack.write(frame(TEXT, new byte[4096]));
        for (int sent = 4096; sent <= MAX_PRE_AUTH_PAYLOAD; sent += 4096) {
            attack.write(frame(CONTINUATION, new byte[4096])); // never FIN
        }
        assertThat(closeCodeFor(attack.toByteArray(), false)).isEqualTo(1009);
    }

    @Test
    void anUnfinishedFragmentedMessageIsCutOffAtThePayloadLimit() throws Exception {
        ByteArrayOutputStream attack = new ByteArrayOutputStream();
        attack.write(frame(TEXT, new byte[8192]));
        for (int sent = 8192; sent <= MAX_PAYLOAD; sent += 8192) {
            attack.write(frame(CONTINUATION, new byte[8192]));
        }
        assertThat(closeCodeFor(attack.toByteArray(), true)).isEqualTo(1009);
    }

    @Test
    void aMessageInTooManyFragmentsIsTooBig() throws Exception {
        ByteArrayOutputStream attack = new ByteArrayOutputStream();
        attack.write(frame(TEXT, new byte[0]));
        for (int i = 0; i < FrameGate.MAX_FRAGMENTS; i++) {
            attack.write(frame(CONTINUATION, new byte[0]));
        }
        assertThat(closeCodeFor(attack.toByteArray(), true)).isEqualTo(1009);
    }

    @Test
    void aFragmentedMessageWithAPingBetweenItsPiecesIsAccepted() throws Exception {
        try (RawWs ws = authenticated("frag")) {
            byte[] json = utf8("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"},\"ack\":7}");
            int half = json.length / 2;
            ws.write(concat(frame(TEXT, java.util.Arrays.copyOfRange(json, 0, half)),
                    frame(FIN | PING, utf8("hi")),
                    frame(FIN | CONTINUATION, java.util.Arrays.copyOfRange(json, half, json.length))));
            String answer = ws.nextText();
            while (answer != null && !answer.contains("\"ack\":7")) {
                answer = ws.nextText();
            }
            assertThat(answer).contains("\"success\":true");
        }
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.write(part);
        }
        return all.toByteArray();
    }
}
