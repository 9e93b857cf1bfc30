package dev.realtime.standalone.admin;

/**
 * What a route answers: a status and a JSON body ({@code null} body: no content).
 *
 * @param status HTTP status
 * @param body   any Jackson-serializable value, or null
 */
record ApiResponse(int status, Object body) {
    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }

    static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}
