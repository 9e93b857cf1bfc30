package dev.realtime.standalone.admin;

import dev.realtime.core.Realtime;
import dev.realtime.core.spi.store.StoreQueries;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.http.OpsHttpServer;
import dev.realtime.standalone.http.OpsLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API: mounted under {@code /api} on the operations server when an admin token is configured.
 * Every request must carry {@code Authorization: Bearer <token>}; answers and refusals are JSON.
 */
public final class AdminApi {
    /** Largest request body accepted (a message of the maximum length with metadata fits easily). */
    public static final int MAX_BODY_BYTES = OpsLimits.DEFAULT_MAX_BODY_BYTES;
    /** Shortest admin token accepted: anything shorter could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    /** Admin requests handled at once, and how many may wait: enough for a backend, bounded for an outage. */
    static final int WORKERS = 4;
    static final int QUEUE = 64;

    private final Router router = new Router();
    private final AdminWorkers handler;

    /**
     * @param realtime   the node to administer
     * @param queries    the admin queries of the node's store (the event log at {@code /api/events})
     * @param token      the bearer token clients must present
     * @param statistics the node's JSON statistics, served at {@code /api/stats}
     * @throws ConfigException when the token is shorter than {@link #MIN_TOKEN_LENGTH}
     */
    public AdminApi(Realtime realtime, StoreQueries queries, String token,
                    Supplier<Map<String, Object>> statistics) {
        Objects.requireNonNull(realtime, "realtime");
        Objects.requireNonNull(queries, "queries");
        if (token == null || token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(List.of("REALTIME_ADMIN_TOKEN: must be at least " + MIN_TOKEN_LENGTH
                    + " characters (for example the output of 'openssl rand -hex 32')"));
        }
        new RoomRoutes(realtime).register(router);
        new MemberRoutes(realtime).register(router);
        new PublishRoutes(realtime).register(router);
        new ConnectionRoutes(realtime).register(router);
        new RevocationRoutes(realtime).register(router);
        new InsightRoutes(realtime, queries, Objects.requireNonNull(statistics, "statistics")).register(router);
        this.handler = new AdminWorkers(new AdminHandler(new BearerToken(token), router, MAX_BODY_BYTES)::handle,
                WORKERS, QUEUE, realtime.meterRegistry());
    }

    /** Serves the API under {@code /api} on {@code http}. */
    public void mountOn(OpsHttpServer http) {
        http.route("/api", handler);
        LOG.info("admin API enabled under /api ({} routes)", router.routes().size());
    }

    /** {@code METHOD /path-template} of every route, in registration order. */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
    }
}
