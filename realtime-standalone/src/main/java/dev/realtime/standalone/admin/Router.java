package dev.realtime.standalone.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The admin routes, matched in the order added. */
final class Router {
    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Route.Handler handler) {
        routes.add(new Route(method, template, handler));
        return this;
    }

    /** Every route, for the OpenAPI consistency check. */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route for this method and path with its parameters.
     *
     * @throws ApiException {@code 404 NOT_FOUND} when no template fits, {@code 405 METHOD_NOT_ALLOWED} when one
     *                      fits with another method
     */
    Match route(String method, String rawPath) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.match(rawPath);
            if (params.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route, params.get());
                }
                pathKnown = true;
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + rawPath, Map.of());
        }
        throw ApiException.notFound("no admin endpoint " + rawPath);
    }

    /**
     * @param route  the route found
     * @param params its decoded path parameters
     */
    record Match(Route route, Map<String, String> params) {
    }
}
