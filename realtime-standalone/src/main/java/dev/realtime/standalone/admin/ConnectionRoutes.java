package dev.realtime.standalone.admin;

import dev.realtime.core.Realtime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections of this node, and disconnecting one connection or every connection of a user cluster-wide. */
final class ConnectionRoutes {
    private final Realtime realtime;

    ConnectionRoutes(Realtime realtime) {
        this.realtime = realtime;
    }

    void register(Router router) {
        router.add("GET", "/api/connections", this::list)
                .add("DELETE", "/api/connections/{id}", this::disconnect)
                .add("DELETE", "/api/users/{userId}/connections", this::disconnectUser);
    }

    private ApiResponse list(ApiRequest request) {
        String userId = request.query().get("userId");
        List<Map<String, Object>> list = realtime.connections().stream()
                .filter(c -> userId == null || c.userId().equals(userId))
                .map(Views::connection).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodeId", realtime.options().nodeId());
        view.put("count", list.size());
        view.put("connections", list);
        return ApiResponse.ok(view);
    }

    /** 200 when the connection was on this node and is closed; 202 when the request went to the other nodes. */
    private ApiResponse disconnect(ApiRequest request) {
        String id = request.path("id");
        boolean here = realtime.disconnect(id);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("connectionId", id);
        view.put("closedHere", here);
        return here ? ApiResponse.ok(view) : ApiResponse.accepted(view);
    }

    private ApiResponse disconnectUser(ApiRequest request) {
        String userId = request.path("userId");
        int closed = realtime.disconnectUser(userId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", userId);
        view.put("closedHere", closed);
        return ApiResponse.ok(view);
    }
}
