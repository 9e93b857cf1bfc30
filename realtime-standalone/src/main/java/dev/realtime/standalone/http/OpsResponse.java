package dev.realtime.standalone.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.realtime.core.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to an {@link OpsRequest}: status, headers and a body held in memory. Immutable. The server adds
 * {@code Content-Length}, {@code Connection} and {@code Cache-Control: no-store}, and leaves the body out for
 * {@code HEAD}.
 */
public final class OpsResponse {
    /** The content type of every JSON answer. */
    public static final String JSON = "application/json; charset=utf-8";

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    private OpsResponse(int status, Map<String, String> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** {@code body} serialized by the shared Jackson mapper. */
    public static OpsResponse json(int status, Object body) {
        try {
            return of(status, JSON, Json.writer().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the answer: " + e.getOriginalMessage(), e);
        }
    }

    public static OpsResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} (not copied: the caller hands it over) with its content type. */
    public static OpsResponse of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", Objects.requireNonNull(contentType, "contentType"));
        return new OpsResponse(status, Collections.unmodifiableMap(headers), body);
    }

    /** A status without a body, such as 204. */
    public static OpsResponse empty(int status) {
        return new OpsResponse(status, Map.of(), new byte[0]);
    }

    /** This answer with header {@code name} set to {@code value} (replacing a value of any case). */
    public OpsResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, Objects.requireNonNull(value, "value"));
        return new OpsResponse(status, Collections.unmodifiableMap(copy), body);
    }

    public int status() {
        return status;
    }

    /** The value of header {@code name} (any case), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Headers set by the handler, in the order set. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body itself, for the server's own write: never modified. */
    byte[] bodyBytes() {
        return body;
    }

    @Override
    public String toString() {
        return status + " " + headers + " (" + body.length + " bytes)";
    }
}
