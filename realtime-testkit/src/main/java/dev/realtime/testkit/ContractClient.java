package dev.realtime.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for {@link TransportContract}, on the JDK's own {@link WebSocket} (no extra library):
 * text messages are queued for {@link #next()}; the close code is kept; pings are answered by the JDK. A
 * client built with a read limit stops asking for messages once it has that many, so its socket fills up
 * like a reader that stalled.
 */
final class ContractClient implements WebSocket.Listener, AutoCloseable {
    /** The close code reported when the connection ended without a close frame. */
    static final int NO_CLOSE_FRAME = 1006;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final int readLimit;
    private int read;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private ContractClient(int readLimit) {
        this.readLimit = readLimit;
    }

    /** Connects; the client reads {@code readLimit} messages, then stops reading. */
    static ContractClient connect(String url, Map<String, String> headers, int readLimit) {
        ContractClient client = new ContractClient(readLimit);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create(url), client).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        return client;
    }

    static ContractClient connect(String url) {
        return connect(url, Map.of(), Integer.MAX_VALUE);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
            read++;
        }
        if (read < readLimit) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(NO_CLOSE_FRAME);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The next text message, failing after five seconds. */
    String next() throws InterruptedException {
        String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + WAIT + "; close code " + closeCode.getNow(null));
        }
        return message;
    }

    /** The next text message that is not an Engine.IO ping. */
    String nextNonPing() throws InterruptedException {
        String message = next();
        while ("2".equals(message)) {
            message = next();
        }
        return message;
    }

    /** The close code the server sent ({@link #NO_CLOSE_FRAME} when it cut the connection), waiting up to 5 s. */
    int closeCode() {
        return closeCode.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }
}
