package dev.realtime.standalone.admin;

import dev.realtime.core.Realtime;
import dev.realtime.core.Rooms;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;

/**
 * {@code PUT|DELETE /api/rooms/{name}/members/{userId}}: add a member or change its role, mute or ban; remove it.
 * Banning expels the user's connections from the room at once.
 */
final class MemberRoutes {
    static final int MAX_USER_ID = 128;
    private static final String ROLES = "admin, moderator, member, guest";

    private final Rooms rooms;

    MemberRoutes(Realtime realtime) {
        this.rooms = realtime.rooms();
    }

    void register(Router router) {
        router.add("PUT", "/api/rooms/{name}/members/{userId}", this::put)
                .add("DELETE", "/api/rooms/{name}/members/{userId}", this::remove);
    }

    private ApiResponse put(ApiRequest request) {
        String room = request.path("name");
        String userId = userId(request);
        // an empty body means "a plain member"
        JsonBody body = request.body().isMissingNode() ? JsonBody.of(Json.object()) : request.json();
        MemberRole role = body.optionalEnum("role", MemberRole::fromWireName, ROLES);
        Boolean muted = body.optionalBoolean("muted");
        Boolean banned = body.optionalBoolean("banned");
        if (rooms.get(room).isEmpty()) {
            throw ApiException.roomNotFound(room);
        }
        Membership existing = find(room, userId);
        Membership m = existing != null ? existing
                : rooms.addMember(room, userId, role == null ? MemberRole.MEMBER : role);
        Membership wanted = m.withRole(role == null ? m.role() : role)
                .withMuted(muted == null ? m.muted() : muted)
                .withBanned(banned == null ? m.banned() : banned);
        if (!wanted.equals(m)) {
            m = rooms.updateMember(wanted);
        }
        return existing == null ? ApiResponse.created(Views.member(m)) : ApiResponse.ok(Views.member(m));
    }

    private ApiResponse remove(ApiRequest request) {
        String room = request.path("name");
        String userId = userId(request);
        if (rooms.get(room).isEmpty()) {
            throw ApiException.roomNotFound(room);
        }
        if (!rooms.removeMember(room, userId)) {
            throw ApiException.notFound("user " + userId + " is not a member of room " + room);
        }
        return ApiResponse.noContent();
    }

    private Membership find(String room, String userId) {
        return rooms.members(room).stream().filter(m -> m.userId().equals(userId)).findFirst().orElse(null);
    }

    private static String userId(ApiRequest request) {
        String userId = request.path("userId");
        if (userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw ApiException.invalid("userId", "userId must be 1-" + MAX_USER_ID + " characters");
        }
        return userId;
    }
}
