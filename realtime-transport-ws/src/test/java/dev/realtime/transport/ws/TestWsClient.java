package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A real WebSocket client for the tests, collecting every text message and the close code. */
final class TestWsClient extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final AtomicInteger received = new AtomicInteger();

    TestWsClient(String url, Map<String, String> headers) {
        super(URI.create(url), headers);
    }

    static TestWsClient connect(String url) throws InterruptedException {
        return connect(url, Map.of());
    }

    static TestWsClient connect(String url, Map<String, String> headers) throws InterruptedException {
        TestWsClient client = new TestWsClient(url, headers);
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).as("connected to " + url).isTrue();
        return client;
    }

    /** The next message, failing the test when none arrives in ten seconds. */
    String next() throws InterruptedException {
        String message = messages.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a message arrives").isNotNull();
        return message;
    }

    /** The next message that is not an Engine.IO heartbeat ping. */
    String nextNonPing() throws InterruptedException {
        String message;
        do {
            message = next();
        } while ("2".equals(message));
        return message;
    }

    int awaitClose() throws Exception {
        return closeCode.get(15, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        opened.complete(null);
    }

    @Override
    public void onMessage(String message) {
        received.incrementAndGet();
        messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason.complete(reason);
        closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        // the close callback follows and carries what the tests check
    }
}
