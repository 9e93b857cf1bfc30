package dev.realtime.standalone.admin;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.Realtime;
import dev.realtime.core.Rooms;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomNames;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/rooms} and {@code /api/rooms/{name}}: create, list, inspect, update and delete rooms. */
final class RoomRoutes {
    static final int MAX_SETTINGS_BYTES = 16_384;
    private static final String TYPES = "channel, dm, group, broadcast";
    private static final String VISIBILITIES = "public, private, secret";

    private final Rooms rooms;

    RoomRoutes(Realtime realtime) {
        this.rooms = realtime.rooms();
    }

    void register(Router router) {
        router.add("GET", "/api/rooms", this::list)
                .add("POST", "/api/rooms", this::create)
                .add("GET", "/api/rooms/{name}", this::get)
                .add("PATCH", "/api/rooms/{name}", this::update)
                .add("DELETE", "/api/rooms/{name}", this::delete);
    }

    private ApiResponse list(ApiRequest request) {
        List<Map<String, Object>> list = rooms.list().stream().map(room -> {
            Map<String, Object> view = Views.room(room);
            view.put("onlineCount", rooms.onlineCount(room.name()));
            return view;
        }).toList();
        return ApiResponse.ok(Map.of("rooms", list));
    }

    private ApiResponse create(ApiRequest request) {
        JsonBody body = request.json();
        String name = body.requiredString("name", RoomNames.MAX_LENGTH);
        if (!RoomNames.isValid(name)) {
            throw ApiException.invalid("name", "name must be 1-128 characters of letters, digits and _ - . : @ #");
        }
        if (rooms.get(name).isPresent()) {
            throw new ApiException(409, ErrorCode.VALIDATION_ERROR.name(), "room " + name + " already exists",
                    Map.of("field", "name"));
        }
        Room room = apply(body, Room.builder(name)).build();
        return ApiResponse.created(Views.room(rooms.create(room)));
    }

    private ApiResponse get(ApiRequest request) {
        String name = request.path("name");
        Room room = rooms.get(name).orElseThrow(() -> ApiException.roomNotFound(name));
        List<Membership> members = rooms.members(name);
        Map<String, Object> view = Views.room(room);
        view.put("onlineCount", rooms.onlineCount(name));
        view.put("memberCount", members.size());
        view.put("members", members.stream().map(Views::member).toList());
        return ApiResponse.ok(view);
    }

    private ApiResponse update(ApiRequest request) {
        String name = request.path("name");
        Room current = rooms.get(name).orElseThrow(() -> ApiException.roomNotFound(name));
        JsonBody body = request.json();
        if (!body.has("type") && !body.has("visibility") && !body.has("maxMembers") && !body.has("active")
                && !body.has("settings") && !body.has("metadata")) {
            throw ApiException.invalid("body",
                    "nothing to change: give type, visibility, maxMembers, active, settings or metadata");
        }
        Room updated = apply(body, current.toBuilder()).build();
        return ApiResponse.ok(Views.room(rooms.update(updated)));
    }

    private ApiResponse delete(ApiRequest request) {
        String name = request.path("name");
        if (!rooms.delete(name)) {
            throw ApiException.roomNotFound(name);
        }
        return ApiResponse.noContent();
    }

    /** Lays the body's room fields over a builder; absent fields keep the builder's values. */
    private static Room.Builder apply(JsonBody body, Room.Builder builder) {
        RoomType type = body.optionalEnum("type", RoomType::fromWireName, TYPES);
        RoomVisibility visibility = body.optionalEnum("visibility", RoomVisibility::fromWireName, VISIBILITIES);
        Integer maxMembers = body.optionalInt("maxMembers", 0, 1_000_000);
        Boolean active = body.optionalBoolean("active");
        Map<String, Object> settings = body.optionalMap("settings", MAX_SETTINGS_BYTES);
        Map<String, Object> metadata = body.optionalMap("metadata", MAX_SETTINGS_BYTES);
        if (type != null) {
            builder.type(type);
        }
        if (visibility != null) {
            builder.visibility(visibility);
        }
        if (maxMembers != null) {
            builder.maxMembers(maxMembers);
        }
        if (active != null) {
            builder.active(active);
        }
        if (settings != null) {
            builder.settings(new LinkedHashMap<>(settings));
        }
        if (metadata != null) {
            builder.metadata(new LinkedHashMap<>(metadata));
        }
        return builder;
    }
}
