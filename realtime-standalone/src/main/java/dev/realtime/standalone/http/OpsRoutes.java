package dev.realtime.standalone.http;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which handler answers a path, with what every answer shares: CORS headers, preflights, a JSON 404 for unknown
 * paths and a JSON 500 for a failing handler. Routes may be added while the server runs.
 */
final class OpsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);
    private static final OpsHandler NOT_FOUND = request -> CompletableFuture.completedFuture(notFound(request));

    private final Cors cors;
    private final int maxBodyBytes;
    private final Map<String, OpsHandler> exact = new ConcurrentHashMap<>();
    private final List<Prefix> prefixes = new CopyOnWriteArrayList<>();

    private record Prefix(String path, OpsHandler handler) {
        boolean matches(String requested) {
            return requested.equals(path) || requested.startsWith(path.endsWith("/") ? path : path + "/");
        }
    }

    OpsRoutes(List<String> corsOrigins, int maxBodyBytes) {
        this.cors = new Cors(corsOrigins);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code handler} answers {@code path} and {@code path/}, nothing below. */
    void exact(String path, OpsHandler handler) {
        exact.put(path, handler);
        exact.put(path.endsWith("/") ? path : path + "/", handler);
    }

    /** {@code handler} answers {@code path} and everything below it; the longest matching prefix wins. */
    synchronized void prefix(String path, OpsHandler handler) {
        prefixes.add(new Prefix(path, handler));
        prefixes.sort(Comparator.comparingInt((Prefix p) -> p.path().length()).reversed());
    }

    OpsHandler find(String path) {
        OpsHandler handler = exact.get(path);
        if (handler != null) {
            return handler;
        }
        for (Prefix prefix : prefixes) {
            if (prefix.matches(path)) {
                return prefix.handler();
            }
        }
        return NOT_FOUND;
    }

    /** The complete answer to {@code request}; never fails. */
    CompletionStage<OpsResponse> answer(OpsRequest request) {
        if (Cors.isPreflight(request)) {
            return CompletableFuture.completedFuture(cors.preflight(request));
        }
        CompletionStage<OpsResponse> stage;
        try {
            stage = find(request.path()).handle(request);
            if (stage == null) {
                throw new IllegalStateException("handler answered null");
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((response, failure) -> {
            if (failure != null || response == null) {
                LOG.error("HTTP {} {} failed", request.method(), request.path(), failure);
                return cors.decorate(request, internalError());
            }
            return cors.decorate(request, response);
        });
    }

    /** The answer to a request whose body is over the limit, in the format of the handler it was for. */
    OpsResponse tooLarge(OpsRequest head) {
        OpsResponse response;
        try {
            response = find(head.path()).tooLarge(head, maxBodyBytes);
        } catch (RuntimeException e) {
            LOG.error("HTTP {} {}: the too-large answer failed", head.method(), head.path(), e);
            response = null;
        }
        if (response == null) {
            response = NOT_FOUND.tooLarge(head, maxBodyBytes);
        }
        return cors.decorate(head, response);
    }

    static OpsResponse notFound(OpsRequest request) {
        return OpsResponse.json(404, Map.of("error", "not found", "path", request.path()));
    }

    static OpsResponse methodNotAllowed() {
        return OpsResponse.json(405, Map.of("error", "method not allowed")).withHeader("Allow", "GET, HEAD, OPTIONS");
    }

    static OpsResponse internalError() {
        return OpsResponse.json(500, Map.of("error", "internal error"));
    }
}
