package dev.realtime.standalone.admin;

import dev.realtime.core.Realtime;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.RoomNames;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.StoreQueries;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Read-only views: presence of users, statistics, the event log and the API's own OpenAPI document. */
final class InsightRoutes {
    static final int MAX_PRESENCE_QUERY = 100;
    private static final int MAX_EVENTS = 1000;

    private final Realtime realtime;
    private final StoreQueries queries;
    private final Supplier<Map<String, Object>> statistics;

    InsightRoutes(Realtime realtime, StoreQueries queries, Supplier<Map<String, Object>> statistics) {
        this.realtime = realtime;
        this.queries = queries;
        this.statistics = statistics;
    }

    void register(Router router) {
        router.add("GET", "/api/presence", this::presence)
                .add("GET", "/api/stats", this::stats)
                .add("GET", "/api/events", this::events)
                .add("GET", "/api/openapi.json", request -> ApiResponse.ok(OpenApiDocument.json()));
    }

    private ApiResponse presence(ApiRequest request) {
        String raw = request.query().get("userIds");
        if (raw == null || raw.isBlank()) {
            throw ApiException.invalid("userIds", "give userIds as a comma-separated list, e.g. ?userIds=alice,bob");
        }
        List<String> ids = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (ids.isEmpty() || ids.size() > MAX_PRESENCE_QUERY) {
            throw ApiException.invalid("userIds", "userIds must hold 1 to " + MAX_PRESENCE_QUERY + " ids");
        }
        if (ids.stream().anyMatch(id -> id.length() > MemberRoutes.MAX_USER_ID)) {
            throw ApiException.invalid("userIds", "each user id must be at most " + MemberRoutes.MAX_USER_ID
                    + " characters");
        }
        return ApiResponse.ok(Map.of("presences", realtime.presence(ids).stream().map(Views::presence).toList()));
    }

    private ApiResponse stats(ApiRequest request) {
        Map<String, Object> view = new LinkedHashMap<>(statistics.get());
        view.put("status", realtime.health().status());
        return ApiResponse.ok(view);
    }

    private ApiResponse events(ApiRequest request) {
        int limit = intParam(request, "limit", 50, 1, MAX_EVENTS);
        String typeText = request.query().get("type");
        EventType type = null;
        if (typeText != null && !typeText.isBlank()) {
            try {
                type = EventType.fromWireName(typeText);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("type", "type must be one of connect, disconnect, error, join, leave, "
                        + "message, typing, presence");
            }
        }
        String room = request.query().get("room");
        if (room != null && !RoomNames.isValid(room)) {
            throw ApiException.invalid("room", "room is not a valid room name");
        }
        List<EventLogEntry> entries = queries.recentEvents(new EventQuery(limit, type, room));
        return ApiResponse.ok(Map.of("events", entries.stream().map(InsightRoutes::event).toList()));
    }

    private static Map<String, Object> event(EventLogEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id().toString());
        view.put("type", e.type().wireName());
        view.put("socketId", e.socketId());
        view.put("userId", e.userId());
        view.put("roomName", e.roomName());
        view.put("payload", e.payload());
        view.put("ip", e.ip());
        view.put("createdAt", e.createdAt().toString());
        return view;
    }

    private static int intParam(ApiRequest request, String name, int fallback, int min, int max) {
        String text = request.query().get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid(name, name + " must be an integer from " + min + " to " + max);
    }
}
