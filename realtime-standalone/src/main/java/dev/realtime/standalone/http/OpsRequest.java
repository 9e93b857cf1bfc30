package dev.realtime.standalone.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One complete request to the operations port, detached from the network: method, target, headers and the
 * whole (bounded) body. Immutable; handlers can be tested with hand-made instances.
 */
public final class OpsRequest {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private OpsRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A request without headers or body.
     *
     * @param method any HTTP method, in any case
     * @param target the request target: {@code /path?query} or an absolute {@code http://host/path?query}
     * @throws IllegalArgumentException when the target has no path starting with {@code /}
     */
    public static OpsRequest of(String method, String target) {
        return of(method, target, Map.of(), new byte[0]);
    }

    /**
     * A request as received.
     *
     * @param headers header values by name (names in any case)
     * @param body    the whole body; not copied, the caller hands it over
     * @throws IllegalArgumentException when the target has no path starting with {@code /}
     */
    public static OpsRequest of(String method, String target, Map<String, List<String>> headers, byte[] body) {
        String[] parts = split(target);
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), OpsRequest::concat));
        return new OpsRequest(method.toUpperCase(Locale.ROOT), parts[0], parts[1], Collections.unmodifiableMap(copy),
                body);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** This request with one more value for header {@code name}. */
    public OpsRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        copy.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        copy.replaceAll((k, v) -> List.copyOf(v));
        return new OpsRequest(method, rawPath, rawQuery, Collections.unmodifiableMap(copy), body);
    }

    /** This request with {@code body} (copied). */
    public OpsRequest withBody(byte[] body) {
        return new OpsRequest(method, rawPath, rawQuery, headers, body.clone());
    }

    /** The method in upper case. */
    public String method() {
        return method;
    }

    /** True for {@code GET} and {@code HEAD}, the only methods health and metrics answer. */
    public boolean isRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return rawPath;
    }

    /** The path with percent-escapes decoded ({@code +} stays {@code +}); the raw path when they are malformed. */
    public String path() {
        try {
            return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }

    /** The query after {@code ?}, still encoded; null when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every header, names compared without case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** A copy of the body; empty when there was none. */
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    @Override
    public String toString() {
        return method + " " + rawPath;
    }

    /** {path, query-or-null} of a request target; the fragment, if any, is dropped. */
    private static String[] split(String target) {
        String pathAndQuery = target;
        if (!target.startsWith("/")) {
            // absolute-form, as sent to proxies: only its path and query matter here
            try {
                URI uri = new URI(target);
                if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
                    throw new IllegalArgumentException("request target has no path: " + target);
                }
                pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed request target: " + target, e);
            }
        }
        int hash = pathAndQuery.indexOf('#');
        if (hash >= 0) {
            pathAndQuery = pathAndQuery.substring(0, hash);
        }
        int question = pathAndQuery.indexOf('?');
        return question < 0 ? new String[] {pathAndQuery, null}
                : new String[] {pathAndQuery.substring(0, question), pathAndQuery.substring(question + 1)};
    }
}
