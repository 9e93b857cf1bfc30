package dev.realtime.core.auth;

import com.nimbusds.jose.jwk.JWKSet;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.spi.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS URL, cached in memory and refreshed in the background.
 *
 * <p>Fetches use the JDK's asynchronous HTTP client, so neither the refresh timer (a {@link Clock} task) nor a
 * verifying thread performs network I/O. At most one fetch is in flight. A failed fetch keeps the previous keys
 * (an identity provider outage does not log everybody out). When a token names an unknown {@code kid}, a
 * refresh is started (at most once per {@link #ON_DEMAND_COOLDOWN} while keys are loaded, so random key ids
 * cannot make us hammer the provider) and the caller waits for it at most {@code maxWait}.
 */
final class JwksKeySource implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

    /** Largest key set accepted; real ones are a few kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Minimum spacing of refreshes triggered by unknown key ids while keys are loaded. */
    static final Duration ON_DEMAND_COOLDOWN = Duration.ofSeconds(30);
    /** Minimum spacing of refreshes triggered by verifications while no keys could be loaded yet. */
    static final Duration EMPTY_COOLDOWN = Duration.ofSeconds(1);

    private final URI url;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration fetchTimeout;
    private final Duration maxWait;
    private final HttpClient http;

    private volatile KeySet current = KeySet.NOT_LOADED;
    private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();
    private volatile long lastFetchStartMillis = Long.MIN_VALUE / 2;
    private volatile Clock.Cancellable periodic;
    private volatile boolean closed;

    JwksKeySource(URI url, Clock clock, Duration refreshInterval, Duration fetchTimeout, Duration maxWait) {
        this.url = Objects.requireNonNull(url, "url");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshInterval = refreshInterval;
        this.fetchTimeout = fetchTimeout;
        this.maxWait = maxWait;
        this.http = HttpClient.newBuilder()
                .connectTimeout(fetchTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Starts the first fetch and the periodic refresh; returns immediately. */
    void start() {
        refresh();
        schedulePeriodicRefresh();
    }

    @Override
    public List<CandidateKey> keysFor(String kid) {
        List<CandidateKey> found = current.matching(kid);
        if (!found.isEmpty()) {
            return found;
        }
        KeySet keys = awaitBounded(refreshUnlessCoolingDown());
        if (!keys.loaded()) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE,
                    "token signing keys are not available yet; try again shortly");
        }
        return keys.matching(kid);
    }

    /** Starts a fetch unless one is running; the future completes with the keys in use afterwards. */
    CompletableFuture<KeySet> refresh() {
        CompletableFuture<KeySet> running = inFlight.get();
        if (running != null) {
            return running;
        }
        CompletableFuture<KeySet> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            CompletableFuture<KeySet> other = inFlight.get();
            return other != null ? other : CompletableFuture.completedFuture(current);
        }
        lastFetchStartMillis = clock.elapsedMillis();
        fetch().whenComplete((keys, failure) -> {
            if (failure == null) {
                current = keys;
            } else if (!closed) {
                LOG.warn("JWKS fetch from {} failed; keeping {} cached key(s): {}",
                        url, current.keys().size(), rootMessage(failure));
            }
            inFlight.set(null);
            mine.complete(current);
        });
        return mine;
    }

    /** Completes once no fetch is in flight, with the keys then in use. */
    CompletableFuture<KeySet> whenIdle() {
        CompletableFuture<KeySet> running = inFlight.get();
        return running != null ? running : CompletableFuture.completedFuture(current);
    }

    @Override
    public void close() {
        closed = true;
        Clock.Cancellable timer = periodic;
        if (timer != null) {
            timer.cancel();
        }
    }

    private CompletableFuture<KeySet> fetch() {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(fetchTimeout)
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        return http.sendAsync(request, response -> new BoundedBodySubscriber(MAX_BODY_BYTES))
                .thenApply(this::parse)
                .orTimeout(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private KeySet parse(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP status " + response.statusCode());
        }
        try {
            JWKSet set = JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8));
            List<CandidateKey> keys = JwkKeys.fromSet(set);
            if (keys.isEmpty()) {
                throw new IllegalStateException("the key set holds no usable public signature key");
            }
            return new KeySet(true, keys);
        } catch (ParseException e) {
            throw new IllegalStateException("response is not a JSON Web Key Set", e);
        }
    }

    private void schedulePeriodicRefresh() {
        if (closed) {
            return;
        }
        periodic = clock.schedule(refreshInterval, () -> {
            if (!closed) {
                refresh();
                schedulePeriodicRefresh();
            }
        });
    }

    private CompletableFuture<KeySet> refreshUnlessCoolingDown() {
        CompletableFuture<KeySet> running = inFlight.get();
        if (running != null) {
            return running;
        }
        Duration cooldown = current.loaded() ? ON_DEMAND_COOLDOWN : EMPTY_COOLDOWN;
        if (clock.elapsedMillis() - lastFetchStartMillis < cooldown.toMillis()) {
            return CompletableFuture.completedFuture(current);
        }
        return refresh();
    }

    private KeySet awaitBounded(CompletableFuture<KeySet> refresh) {
        if (refresh.isDone() || maxWait.isZero()) {
            return refresh.getNow(current);
        }
        try {
            return refresh.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException) {
            return "timed out";
        }
        String message = root.getMessage();
        return root instanceof IOException && message == null ? root.getClass().getSimpleName()
                : message == null ? root.toString() : message;
    }

    /**
     * An immutable snapshot of the key set.
     *
     * @param loaded false until a fetch has succeeded
     * @param keys   usable keys
     */
    record KeySet(boolean loaded, List<CandidateKey> keys) {
        static final KeySet NOT_LOADED = new KeySet(false, List.of());

        List<CandidateKey> matching(String kid) {
            if (kid == null) {
                return keys;
            }
            return keys.stream().filter(key -> kid.equals(key.kid())).toList();
        }
    }
}
