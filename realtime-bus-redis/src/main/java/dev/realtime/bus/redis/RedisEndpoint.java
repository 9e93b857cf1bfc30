package dev.realtime.bus.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Redis server is and how to log in, parsed from {@code redis://[[user]:password@]host[:port][/db]} or
 * {@code rediss://...} (TLS). A user-info part without a colon is taken as the password. Percent-encode
 * reserved characters in the password. {@link #toString()} never shows the password.
 */
public final class RedisEndpoint {
    /** The port Redis listens on unless the URL names another. */
    public static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final int database;
    private final String user;
    private final String password;
    private final boolean tls;

    private RedisEndpoint(String host, int port, int database, String user, String password, boolean tls) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /**
     * Parses a Redis URL.
     *
     * @throws IllegalArgumentException with a message naming what is wrong (never echoing the password)
     */
    public static RedisEndpoint parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The input may contain a password: say where it broke, not what it was.
            throw new IllegalArgumentException("Redis URL is not a valid URL (error at index " + e.getIndex() + ")");
        }
        boolean tls = schemeIsTls(uri.getScheme());
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis URL needs a host, as in redis://host:6379");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Redis URL must not have query parameters or a fragment");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
            if (password.isEmpty()) {
                password = null;
            }
        }
        return new RedisEndpoint(host, port, database(uri.getPath()), user, password, tls);
    }

    private static boolean schemeIsTls(String scheme) {
        String normalized = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "redis" -> false;
            case "rediss" -> true;
            default -> throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://");
        };
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String digits = path.substring(1);
        if (!digits.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("Redis URL path must be a database number, as in redis://host:6379/0");
        }
        return Integer.parseInt(digits);
    }

    /** Host name or address. */
    public String host() {
        return host;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** Database number selected after connecting (pub/sub ignores it, but a shared URL may carry one). */
    public int database() {
        return database;
    }

    /** ACL user name, if the URL names one. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** Whether the URL carries a password; the password itself is only handed to the Redis client. */
    public boolean hasPassword() {
        return password != null;
    }

    /** The password, or null. Package-private so that nothing else can print it. */
    String password() {
        return password;
    }

    /** True for {@code rediss://}: the connection uses TLS with the JVM's default trust store. */
    public boolean tls() {
        return tls;
    }

    /** The URL with the password masked, safe for logs and health reports. */
    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            url.append(user == null ? "" : user).append(password == null ? "" : ":***").append('@');
        }
        boolean ipv6 = host.indexOf(':') >= 0;
        url.append(ipv6 ? "[" + host + "]" : host).append(':').append(port);
        return url.append('/').append(database).toString();
    }
}
