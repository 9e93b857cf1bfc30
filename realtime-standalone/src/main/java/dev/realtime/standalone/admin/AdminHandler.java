package dev.realtime.standalone.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the admin API: checks the bearer token, bounds and parses the body, routes, and turns every
 * refusal into {@code {error:{code,message,details?}}} with a fitting status. Nothing a client sends can
 * produce a stack trace in the answer.
 */
final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final String JSON = "application/json; charset=utf-8";
    /**
     * Bodies must be exactly one JSON value: a lenient parse would act on {@code {"name":"x"}xyz} or on the first
     * of two objects, i.e. on something other than what the client sent.
     */
    private static final ObjectReader STRICT_JSON = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BearerToken token;
    private final Router router;
    private final int maxBodyBytes;

    AdminHandler(BearerToken token, Router router, int maxBodyBytes) {
        this.token = token;
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ApiResponse response;
        try {
            response = answer(exchange);
        } catch (ApiException e) {
            response = error(e);
        } catch (RealtimeException e) {
            response = error(ApiException.from(e));
        } catch (IllegalArgumentException e) {
            // a model constructor refused a value the readers let through
            response = error(new ApiException(400, ErrorCode.VALIDATION_ERROR.name(), e.getMessage(), Map.of()));
        }
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"realtime-admin\"");
        }
        write(exchange, response);
    }

    private ApiResponse answer(HttpExchange exchange) throws IOException {
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw ApiException.of(401, ErrorCode.AUTH_REQUIRED, "a valid admin token is required: "
                    + "send 'Authorization: Bearer <REALTIME_ADMIN_TOKEN>'");
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Router.Match match = router.route(method, exchange.getRequestURI().getRawPath());
        JsonNode body = readBody(exchange);
        ApiRequest request = new ApiRequest(match.params(),
                ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery()), body);
        ApiResponse response = match.route().handler().handle(request);
        if ("GET".equals(method)) {
            LOG.debug("admin {} {} -> {}", method, exchange.getRequestURI().getPath(), response.status());
        } else {
            // changes are worth an audit line; the token never is
            LOG.info("admin {} {} -> {}", method, exchange.getRequestURI().getPath(), response.status());
        }
        return response;
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("Content-Length", "Content-Length is not a number");
            }
            if (length > maxBodyBytes) {
                throw tooLarge();
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(maxBodyBytes + 1);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        if (bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return STRICT_JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private ApiException tooLarge() {
        return ApiException.of(413, ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBodyBytes + " bytes");
    }

    static ApiResponse error(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage() == null ? e.code() : e.getMessage());
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        if (e.status() >= 500) {
            LOG.warn("admin request failed: {} {}", e.code(), e.getMessage());
        }
        return new ApiResponse(e.status(), Map.of("error", error));
    }

    static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }
}
