package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A client of a running server's admin API, for command-line tools that should act on the live node (and its
 * in-memory store) rather than on the database: every call returns the server's JSON answer or throws
 * {@link AdminClientException} with the server's error code.
 */
public final class AdminClient {
    /** The variable naming the server's HTTP base URL, e.g. {@code http://localhost:3102}. */
    public static final String URL_VARIABLE = "REALTIME_ADMIN_URL";
    /** The variable holding the admin token (the same one the server reads). */
    public static final String TOKEN_VARIABLE = "REALTIME_ADMIN_TOKEN";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param baseUrl the server's HTTP port, e.g. {@code http://localhost:3102}
     * @param token   its {@code REALTIME_ADMIN_TOKEN}
     */
    public AdminClient(String baseUrl, String token) {
        String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("the admin URL must start with http:// or https://, was " + url);
        }
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token is required (" + TOKEN_VARIABLE + " or --token)");
        }
        this.token = token.strip();
    }

    /**
     * The client an option or the environment asks for, or null when neither names a URL (then the caller
     * works on the database instead).
     */
    public static AdminClient fromOptions(String urlOption, String tokenOption, Map<String, String> env) {
        String url = urlOption != null ? urlOption : env.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return null;
        }
        return new AdminClient(url, tokenOption != null ? tokenOption : env.get(TOKEN_VARIABLE));
    }

    public JsonNode stats() {
        return send("GET", "api/stats", null);
    }

    /** {@code {"rooms":[...]}}. */
    public JsonNode rooms() {
        return send("GET", "api/rooms", null);
    }

    /** The room with its members. */
    public JsonNode roomInfo(String room) {
        return send("GET", "api/rooms/" + segment(room), null);
    }

    /**
     * @param type       {@code channel}, {@code dm}, {@code group} or {@code broadcast}; null for the default
     * @param visibility {@code public}, {@code private} or {@code secret}; null for the default
     * @param maxMembers 0 for no limit; null for the default
     */
    public JsonNode createRoom(String room, String type, String visibility, Integer maxMembers) {
        ObjectNode body = Json.object().put("name", room);
        if (type != null) {
            body.put("type", type);
        }
        if (visibility != null) {
            body.put("visibility", visibility);
        }
        if (maxMembers != null) {
            body.put("maxMembers", maxMembers);
        }
        return send("POST", "api/rooms", body);
    }

    public void deleteRoom(String room) {
        send("DELETE", "api/rooms/" + segment(room), null);
    }

    /** @param role {@code admin}, {@code moderator}, {@code member} or {@code guest}; null for member */
    public JsonNode addMember(String room, String userId, String role) {
        ObjectNode body = Json.object();
        if (role != null) {
            body.put("role", role);
        }
        return send("PUT", "api/rooms/" + segment(room) + "/members/" + segment(userId), body);
    }

    public void removeMember(String room, String userId) {
        send("DELETE", "api/rooms/" + segment(room) + "/members/" + segment(userId), null);
    }

    /** {@code {"userId","closedHere","refusedForSeconds"}}: the user's connections close on every node. */
    public JsonNode revokeUser(String userId) {
        return send("POST", "api/users/" + segment(userId) + "/revoke", null);
    }

    /** {@code {"nodeId","count","connections":[...]}} of the node asked. */
    public JsonNode connections() {
        return send("GET", "api/connections", null);
    }

    /** @param type an event type such as {@code message}, or null for all */
    public JsonNode events(int limit, String type) {
        return send("GET", "api/events?limit=" + limit + (type == null ? "" : "&type=" + segment(type)), null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminClientException(0, "UNAVAILABLE",
                    "cannot reach the admin API at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminClientException(0, "UNAVAILABLE", "interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            JsonNode error = json.path("error");
            throw new AdminClientException(response.statusCode(),
                    error.path("code").asText("HTTP_" + response.statusCode()),
                    error.path("message").asText("HTTP " + response.statusCode() + " from " + base));
        }
        return json;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return Json.object();
        }
        try {
            return Json.reader().readTree(text);
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
