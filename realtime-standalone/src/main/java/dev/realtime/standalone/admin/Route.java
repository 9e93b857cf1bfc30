package dev.realtime.standalone.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admin endpoint: a method, a path template such as {@code /api/rooms/{name}} and what answers it.
 *
 * @param method   HTTP method
 * @param template path with {@code {param}} segments
 * @param handler  the work
 */
record Route(String method, String template, Handler handler) {
    /** Answers a routed request; throws {@link ApiException} or {@code RealtimeException} to refuse. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private static List<String> segments(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    /** The decoded path parameters when {@code rawPath} fits this template. */
    Optional<Map<String, String>> match(String rawPath) {
        List<String> expected = segments(template);
        List<String> actual = segments(rawPath);
        if (expected.size() != actual.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            if (want.startsWith("{") && want.endsWith("}")) {
                if (got.isEmpty()) {
                    return Optional.empty();
                }
                params.put(want.substring(1, want.length() - 1), ApiRequest.decode(got));
            } else if (!want.equals(got)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
