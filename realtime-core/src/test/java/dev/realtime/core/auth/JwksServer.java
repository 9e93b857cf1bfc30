package dev.realtime.core.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A JWKS endpoint on a free local port whose answer the test controls. */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final Semaphore served = new Semaphore(0);
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));

    JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** Serves these keys (their public parts) from now on. */
    void serve(JWK... keys) {
        serveRaw(new JWKSet(List.of(keys)).toString(true));
        status.set(200);
    }

    void serveRaw(String json) {
        body.set(json);
    }

    void failWith(int httpStatus) {
        status.set(httpStatus);
    }

    /** Holds every response until the returned latch is counted down. */
    CountDownLatch hold() {
        CountDownLatch latch = new CountDownLatch(1);
        gate.set(latch);
        return latch;
    }

    int requests() {
        return requests.get();
    }

    /** Waits until {@code count} more responses have been written. */
    boolean awaitServed(int count) throws InterruptedException {
        return served.tryAcquire(count, 10, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            gate.get().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.get(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        served.release();
    }

    @Override
    public void close() {
        gate.get().countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
