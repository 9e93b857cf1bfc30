package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue and its writes, over a real loopback socket pair. */
class ConnectionOutputTest {
    private static final long UNBOUNDED = Long.MAX_VALUE / 2;

    private ServerSocketChannel listener;
    private SocketChannel serverSide;
    private SocketChannel peer;
    private ConnectionOutput output;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    private final List<ConnectionOutput> scheduled = new ArrayList<>();

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        serverSide = listener.accept();
        serverSide.configureBlocking(false);
        output = new ConnectionOutput(serverSide, null, scheduled::add);
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        serverSide.close();
        listener.close();
    }

    @Test
    void framesWaitForTheUpgradeAnswerAndFollowIt() throws IOException {
        assertThat(output.offer(frame("first"), UNBOUNDED)).isEqualTo(ConnectionOutput.Offer.QUEUED);
        ByteBuffer answer = frame("HTTP/1.1 101\r\n\r\n");
        output.writeLibraryFrame(answer, scratch);
        assertThat(answer.hasRemaining()).isFalse();
        assertThat(scheduled).containsExactly(output);
        assertThat(output.flush(scratch)).isEqualTo(ConnectionOutput.Flush.DONE);
        assertThat(read("HTTP/1.1 101\r\n\r\nfirst".length())).isEqualTo("HTTP/1.1 101\r\n\r\nfirst");
    }

    @Test
    void afterTheUpgradeTheFirstOfferAsksForTheWriterAndLaterOnesDoNot() throws IOException {
        upgrade();
        assertThat(output.offer(frame("a"), UNBOUNDED)).isEqualTo(ConnectionOutput.Offer.SCHEDULE);
        assertThat(output.offer(frame("b"), UNBOUNDED)).isEqualTo(ConnectionOutput.Offer.QUEUED);
        assertThat(output.flush(scratch)).isEqualTo(ConnectionOutput.Flush.DONE);
        assertThat(output.offer(frame("c"), UNBOUNDED)).isEqualTo(ConnectionOutput.Offer.SCHEDULE);
    }

    @Test
    void manyQueuedFramesLeaveInOrderAndOneSharedFrameIsNeverChanged() throws IOException {
        upgrade();
        ByteBuffer shared = frame("shared;");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            output.offer(frame(i + ";"), UNBOUNDED);
            output.offer(shared, UNBOUNDED);
            expected.append(i).append(";shared;");
        }
        assertThat(output.flush(scratch)).isEqualTo(ConnectionOutput.Flush.DONE);
        assertThat(read(expected.length())).isEqualTo(expected.toString());
        assertThat(shared.position()).isZero();
        assertThat(output.queuedBytes()).isZero();
    }

    @Test
    void aFullSocketBlocksAndTheRestFollowsInOrderOnceThePeerReads() throws IOException {
        upgrade();
        serverSide.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        byte[] chunk = new byte[10_000];
        int frames = 400;
        for (int i = 0; i < frames; i++) {
            java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
            output.offer(ByteBuffer.wrap(chunk.clone()).asReadOnlyBuffer(), UNBOUNDED);
        }
        ConnectionOutput.Flush first = output.flush(scratch);
        assertThat(first).isIn(ConnectionOutput.Flush.BLOCKED, ConnectionOutput.Flush.MORE);
        assertThat(output.queuedBytes()).isPositive().isLessThan(10_000L * frames);
        ByteBuffer received = ByteBuffer.allocate(10_000 * frames);
        peer.configureBlocking(false);
        long idleRounds = 0;
        while (received.hasRemaining() && idleRounds < 1_000_000) { // a bound, so a lost byte fails instead of hanging
            int n = peer.read(received);
            output.flush(scratch);
            idleRounds = n == 0 ? idleRounds + 1 : 0;
        }
        assertThat(received.hasRemaining()).isFalse();
        assertThat(output.queuedBytes()).isZero();
        byte[] all = received.array();
        for (int i = 0; i < frames; i++) {
            assertThat(all[i * 10_000]).isEqualTo((byte) ('a' + i % 26));
            assertThat(all[i * 10_000 + 9_999]).isEqualTo((byte) ('a' + i % 26));
        }
    }

    @Test
    void anOfferPastTheBoundIsRefusedAndNothingOfItIsQueued() {
        upgrade();
        assertThat(output.offer(frame("12345"), 8)).isEqualTo(ConnectionOutput.Offer.SCHEDULE);
        assertThat(output.offer(frame("6789"), 8)).isEqualTo(ConnectionOutput.Offer.OVERFLOW);
        assertThat(output.queuedBytes()).isEqualTo(5);
    }

    @Test
    void aLibraryFrameGoesOutBehindTheQueuedFrames() throws IOException {
        upgrade();
        output.offer(frame("data;"), UNBOUNDED);
        ByteBuffer close = frame("close");
        output.writeLibraryFrame(close, scratch);
        assertThat(read("data;close".length())).isEqualTo("data;close");
    }

    @Test
    void aDiscardedOutputDropsWhatIsQueuedAndRefusesMore() throws IOException {
        upgrade();
        output.offer(frame("lost"), UNBOUNDED);
        output.discard();
        assertThat(output.offer(frame("late"), UNBOUNDED)).isEqualTo(ConnectionOutput.Offer.CLOSED);
        assertThat(output.flush(scratch)).isEqualTo(ConnectionOutput.Flush.CLOSED);
        assertThat(output.queuedBytes()).isZero();
    }

    private void upgrade() {
        try {
            output.writeLibraryFrame(ByteBuffer.allocate(0), scratch);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String read(int length) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(length);
        while (in.hasRemaining()) {
            if (peer.read(in) < 0) {
                break;
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    private static ByteBuffer frame(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }
}
