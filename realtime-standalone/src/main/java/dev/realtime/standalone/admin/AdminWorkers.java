package dev.realtime.standalone.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.realtime.core.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs admin requests on their own small, bounded pool. A room change may wait seconds for the store during a
 * database outage; on the operations server's own threads that would starve {@code /health} and make a load
 * balancer drop a node that is serving its users fine. When the pool and its queue are full, a request is
 * refused at once with {@code 503 UNAVAILABLE} and counted ({@code realtime.admin.rejected}).
 */
final class AdminWorkers implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminWorkers.class);

    private final HttpHandler delegate;
    private final ThreadPoolExecutor pool;
    private final Counter rejected;

    /**
     * @param threads  largest number of admin requests handled at once
     * @param queue    requests that may wait for a thread (0: none)
     * @param registry where the queue depth and the rejections are reported
     */
    AdminWorkers(HttpHandler delegate, int threads, int queue, MeterRegistry registry) {
        this.delegate = delegate;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, waiting, r -> {
            Thread t = new Thread(r, "realtime-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        // idle threads end, so a stopped server leaves nothing behind
        pool.allowCoreThreadTimeOut(true);
        this.rejected = Counter.builder("realtime.admin.rejected")
                .description("admin requests refused because every admin worker was busy").register(registry);
        Gauge.builder("realtime.admin.queue", waiting, BlockingQueue::size)
                .description("admin requests waiting for a worker").register(registry);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            pool.execute(() -> run(exchange));
        } catch (RejectedExecutionException e) {
            rejected.increment();
            AdminHandler.write(exchange, AdminHandler.error(ApiException.of(503, ErrorCode.UNAVAILABLE,
                    "the admin API is busy; retry shortly")));
        }
    }

    private void run(HttpExchange exchange) {
        try {
            delegate.handle(exchange);
        } catch (IOException e) {
            LOG.debug("admin client went away: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            LOG.error("admin {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            try {
                AdminHandler.write(exchange, AdminHandler.error(ApiException.of(500, ErrorCode.INTERNAL_ERROR,
                        "internal error")));
            } catch (IOException | RuntimeException ignored) {
                exchange.close();
            }
        }
    }
}
