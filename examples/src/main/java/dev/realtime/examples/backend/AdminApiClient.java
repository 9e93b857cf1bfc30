package dev.realtime.examples.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A backend's view of the realtime admin API, on nothing but {@link HttpClient}: send a chat message or a custom
 * event to a room, create rooms, add members. Thread-safe; share one instance.
 */
public final class AdminApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param baseUrl the server's HTTP port, e.g. {@code http://localhost:3102}
     * @param token   the server's {@code REALTIME_ADMIN_TOKEN}
     */
    public AdminApiClient(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.token = Objects.requireNonNull(token, "token");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends a chat message: every member in the room gets {@code message:new}.
     *
     * @param userId the sender shown to clients, e.g. {@code deploy-bot}
     * @return the message as the server accepted it
     */
    public SentMessage sendMessage(String room, String userId, String content) {
        ObjectNode body = JSON.createObjectNode().put("content", content).put("userId", userId);
        JsonNode reply = call("POST", "api/rooms/" + segment(room) + "/messages", body);
        return new SentMessage(reply.path("id").asText(), reply.path("seq").asLong(), reply.path("timestamp").asText());
    }

    /** Sends a custom event to everyone in the room; returns how many local subscribers it was handed to. */
    public int publishEvent(String room, String event, Object data) {
        ObjectNode body = JSON.createObjectNode().put("event", event);
        body.set("data", JSON.valueToTree(data));
        return call("POST", "api/rooms/" + segment(room) + "/events", body).path("localRecipients").asInt();
    }

    /** Creates a public channel unless it exists. */
    public void ensureRoom(String room) {
        try {
            call("POST", "api/rooms", JSON.createObjectNode().put("name", room));
        } catch (AdminApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    /** Adds a member (or changes its role: admin, moderator, member, guest). */
    public void addMember(String room, String userId, String role) {
        call("PUT", "api/rooms/" + segment(room) + "/members/" + segment(userId),
                JSON.createObjectNode().put("role", role));
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                JsonNode error = json.path("error");
                throw new AdminApiException(response.statusCode(), error.path("code").asText("HTTP_" + response.statusCode()),
                        error.path("message").asText(response.body()));
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("admin API " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A message the server accepted.
     *
     * @param id        message id (the same id clients see in {@code message:new})
     * @param seq       per-room sequence number
     * @param timestamp ISO-8601 acceptance time
     */
    public record SentMessage(String id, long seq, String timestamp) {
    }
}
