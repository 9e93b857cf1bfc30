package dev.realtime.standalone.admin;

import dev.realtime.core.ErrorCode;
import dev.realtime.standalone.http.OpsHandler;
import dev.realtime.standalone.http.OpsRequest;
import dev.realtime.standalone.http.OpsResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs admin requests on their own small, bounded pool. A room change may wait seconds for the store during a
 * database outage; on the operations server's event loop that would stall every connection of the port and
 * make a load balancer drop a node that is serving its users fine. When the pool and its queue are full, a
 * request is refused at once with {@code 503 UNAVAILABLE} and counted ({@code realtime.admin.rejected}).
 */
final class AdminWorkers implements OpsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminWorkers.class);

    private final Function<OpsRequest, OpsResponse> delegate;
    private final ThreadPoolExecutor pool;
    private final Counter rejected;

    /**
     * @param delegate answers one request; may block
     * @param threads  largest number of admin requests handled at once
     * @param queue    requests that may wait for a thread (0: none)
     * @param registry where the queue depth and the rejections are reported
     */
    AdminWorkers(Function<OpsRequest, OpsResponse> delegate, int threads, int queue, MeterRegistry registry) {
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
    public CompletionStage<OpsResponse> handle(OpsRequest request) {
        CompletableFuture<OpsResponse> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    answer.complete(run(request));
                } catch (Throwable t) {
                    // even an Error must answer: the connection waits, unread, for this stage
                    answer.completeExceptionally(t);
                    throw t;
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.increment();
            return CompletableFuture.completedFuture(AdminHandler.toOps(AdminHandler.error(
                    ApiException.of(503, ErrorCode.UNAVAILABLE, "the admin API is busy; retry shortly"))));
        }
        return answer;
    }

    @Override
    public OpsResponse tooLarge(OpsRequest head, int limit) {
        return AdminHandler.toOps(AdminHandler.error(AdminHandler.tooLarge(limit)));
    }

    private OpsResponse run(OpsRequest request) {
        try {
            return delegate.apply(request);
        } catch (RuntimeException e) {
            LOG.error("admin {} {} failed", request.method(), request.path(), e);
            return AdminHandler.toOps(AdminHandler.error(ApiException.of(500, ErrorCode.INTERNAL_ERROR,
                    "internal error")));
        }
    }
}
