package dev.realtime.standalone.http;

import java.util.List;
import java.util.Locale;

/** CORS headers for the configured origins, and the answer to a preflight {@code OPTIONS}. */
final class Cors {
    private final List<String> origins;

    Cors(List<String> origins) {
        this.origins = origins.stream().map(o -> strip(o.toLowerCase(Locale.ROOT))).toList();
    }

    /** A preflight is answered here, whatever the path: it carries no credentials and reaches no handler. */
    static boolean isPreflight(OpsRequest request) {
        return "OPTIONS".equals(request.method());
    }

    OpsResponse preflight(OpsRequest request) {
        return decorate(request, OpsResponse.empty(204)).withHeader("Access-Control-Max-Age", "600");
    }

    /** {@code response} with the CORS headers that fit the request's {@code Origin}. */
    OpsResponse decorate(OpsRequest request, OpsResponse response) {
        String origin = request.header("Origin");
        OpsResponse decorated = response;
        if (origins.contains("*")) {
            decorated = decorated.withHeader("Access-Control-Allow-Origin", "*");
        } else if (origin != null && origins.contains(strip(origin.toLowerCase(Locale.ROOT)))) {
            decorated = decorated.withHeader("Access-Control-Allow-Origin", origin).withHeader("Vary", "Origin");
        }
        return decorated.withHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
                .withHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
    }

    private static String strip(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
