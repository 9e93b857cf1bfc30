package dev.realtime.standalone;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A plain WebSocket client collecting messages and the close code. */
final class WsTestClient extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    WsTestClient(String url) {
        super(URI.create(url));
    }

    String next() throws InterruptedException {
        String message = messages.poll(15, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 15 s");
        }
        return message;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // nothing to do
    }

    @Override
    public void onMessage(String message) {
        messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        // the close callback follows
    }
}
