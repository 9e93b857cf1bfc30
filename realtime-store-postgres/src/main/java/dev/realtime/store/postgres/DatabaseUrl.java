package dev.realtime.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code DATABASE_URL}: the JDBC URL without credentials, plus user and password kept apart so the
 * password never appears in logs, exception messages or {@link #toString()}.
 *
 * <p>Accepted forms: {@code postgresql://user:pass@host:port/db?param=value} (also {@code postgres://}),
 * several hosts ({@code host1:5432,host2:5433}), IPv6 hosts in brackets, percent-encoded user and password,
 * and {@code jdbc:postgresql://host:port/db?user=u&password=p}. Query parameters other than user and
 * password are passed to the driver unchanged.
 */
public final class DatabaseUrl {
    private static final int DEFAULT_PORT = 5432;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    private DatabaseUrl(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses a URL in either form.
     *
     * @throws IllegalArgumentException when it is not a PostgreSQL URL; the message never repeats the password
     */
    public static DatabaseUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = trimmed.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql://, postgres:// or "
                    + "jdbc:postgresql:// (for example postgresql://user:password@host:5432/database)");
        }
        int question = rest.indexOf('?');
        String beforeQuery = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? "" : rest.substring(question + 1);
        // The last '@' ends the user info, so an unencoded '@' or '/' in a password still parses.
        int at = beforeQuery.lastIndexOf('@');
        String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
        String hostAndPath = beforeQuery.substring(at + 1);
        int slash = hostAndPath.indexOf('/');
        String hosts = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String database = slash < 0 ? "" : decode(hostAndPath.substring(slash + 1), "database name");

        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        List<String> driverParams = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : decode(param.substring(eq + 1), "parameter " + key);
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            } else {
                driverParams.add(param);
            }
        }
        String jdbc = "jdbc:postgresql://" + normalizeHosts(hosts) + "/" + database
                + (driverParams.isEmpty() ? "" : "?" + String.join("&", driverParams));
        return new DatabaseUrl(jdbc, emptyToNull(user), emptyToNull(password));
    }

    /** The JDBC URL, without user or password. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user, or null to let the driver choose. */
    public String user() {
        return user;
    }

    /** The password, or null; never log it. */
    public String password() {
        return password;
    }

    /** The URL with the password masked, safe for logs. */
    @Override
    public String toString() {
        return jdbcUrl + " (user " + (user == null ? "default" : user)
                + (password == null ? ", no password)" : ", password ****)");
    }

    private static String normalizeHosts(String hosts) {
        if (hosts.isEmpty()) {
            return "localhost:" + DEFAULT_PORT;
        }
        List<String> normalized = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (host.isEmpty()) {
                throw new IllegalArgumentException("DATABASE_URL has an empty host in its host list");
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            if (hasPort) {
                String port = host.substring(host.lastIndexOf(':') + 1);
                if (!port.matches("\\d{1,5}")) {
                    throw new IllegalArgumentException("DATABASE_URL has a port that is not a number: " + port);
                }
            }
            normalized.add(hasPort ? host : host + ":" + DEFAULT_PORT);
        }
        return String.join(",", normalized);
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Deliberately without the text: it may be the password.
            throw new IllegalArgumentException("DATABASE_URL has a malformed percent-escape in its " + what, null);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
