package dev.realtime.standalone.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import dev.realtime.standalone.http.OpsRequest;
import dev.realtime.standalone.http.OpsResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the admin API: checks the bearer token, bounds and parses the body, routes, and turns every
 * refusal into {@code {error:{code,message,details?}}} with a fitting status. Nothing a client sends can
 * produce a stack trace in the answer. Runs on an {@link AdminWorkers} thread: a route may wait for the store.
 */
final class AdminHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    /**
     * Bodies must be exactly one JSON value: a lenient parse would act on {@code {"name":"x"}xyz} or on the first
     * of two objects, i.e. on something other than what the client sent.
     */
    private static final ObjectReader STRICT_JSON = Json.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BearerToken token;
    private final Router router;
    private final int maxBodyBytes;

    AdminHandler(BearerToken token, Router router, int maxBodyBytes) {
        this.token = token;
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    OpsResponse handle(OpsRequest request) {
        ApiResponse response;
        try {
            response = answer(request);
        } catch (ApiException e) {
            response = error(e);
        } catch (RealtimeException e) {
            response = error(ApiException.from(e));
        } catch (IllegalArgumentException e) {
            // a model constructor refused a value the readers let through
            response = error(new ApiException(400, ErrorCode.VALIDATION_ERROR.name(), e.getMessage(), Map.of()));
        }
        return toOps(response);
    }

    private ApiResponse answer(OpsRequest request) {
        if (!token.accepts(request.header("Authorization"))) {
            throw ApiException.of(401, ErrorCode.AUTH_REQUIRED, "a valid admin token is required: "
                    + "send 'Authorization: Bearer <REALTIME_ADMIN_TOKEN>'");
        }
        String method = request.method();
        Router.Match match = router.route(method, request.rawPath());
        JsonNode body = readBody(request);
        ApiRequest apiRequest = new ApiRequest(match.params(), ApiRequest.parseQuery(request.rawQuery()), body);
        ApiResponse response = match.route().handler().handle(apiRequest);
        if ("GET".equals(method)) {
            LOG.debug("admin {} {} -> {}", method, request.path(), response.status());
        } else {
            // changes are worth an audit line; the token never is
            LOG.info("admin {} {} -> {}", method, request.path(), response.status());
        }
        return response;
    }

    private JsonNode readBody(OpsRequest request) {
        // the server stops larger bodies before they are read; this keeps the handler safe on its own
        if (request.bodyLength() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        if (request.bodyLength() == 0) {
            return MissingNode.getInstance();
        }
        try {
            return STRICT_JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid("body", "the request body cannot be read: " + e.getMessage());
        }
    }

    static ApiException tooLarge(int maxBodyBytes) {
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

    /** The wire form: JSON, or no body; a 401 names the scheme to use. */
    static OpsResponse toOps(ApiResponse response) {
        OpsResponse ops = response.body() == null ? OpsResponse.empty(response.status())
                : OpsResponse.json(response.status(), response.body());
        if (response.status() == 401) {
            ops = ops.withHeader("WWW-Authenticate", "Bearer realm=\"realtime-admin\"");
        }
        return ops.withHeader("Cache-Control", "no-store");
    }
}
