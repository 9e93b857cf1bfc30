package dev.realtime.standalone.admin;

import dev.realtime.core.Realtime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Revoking a user's access: their connections close on every node and their older tokens are refused. */
final class RevocationRoutes {
    private final Realtime realtime;

    RevocationRoutes(Realtime realtime) {
        this.realtime = realtime;
    }

    void register(Router router) {
        router.add("POST", "/api/users/{userId}/revoke", this::revoke);
    }

    private ApiResponse revoke(ApiRequest request) {
        String userId = request.path("userId");
        int closed = realtime.revokeUser(userId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", userId);
        view.put("closedHere", closed);
        view.put("refusedForSeconds", realtime.options().revocationRetention().toSeconds());
        return ApiResponse.ok(view);
    }
}
