package dev.realtime.standalone.cli.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database for one test class on the server named by {@code REALTIME_TEST_DATABASE_URL} (default
 * {@code postgresql://postgres@127.0.0.1:5432/test}), dropped on {@link #close()}. A missing server fails.
 */
final class CliDatabase implements AutoCloseable {
    private static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

    private final dev.realtime.store.postgres.DatabaseUrl admin;
    private final String name;

    private CliDatabase(dev.realtime.store.postgres.DatabaseUrl admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    static CliDatabase create() {
        String configured = System.getenv("REALTIME_TEST_DATABASE_URL");
        var admin = dev.realtime.store.postgres.DatabaseUrl.parse(
                configured == null || configured.isBlank() ? DEFAULT_URL : configured);
        String name = "realtime_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, "CREATE DATABASE " + name);
        return new CliDatabase(admin, name);
    }

    /** A {@code DATABASE_URL} for this database in the JDBC form, credentials in the query. */
    String url() {
        String jdbc = admin.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name);
        StringBuilder b = new StringBuilder(jdbc);
        char sep = jdbc.contains("?") ? '&' : '?';
        if (admin.user() != null) {
            b.append(sep).append("user=").append(encode(admin.user()));
            sep = '&';
        }
        if (admin.password() != null) {
            b.append(sep).append("password=").append(encode(admin.password()));
        }
        return b.toString();
    }

    @Override
    public void close() {
        execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void execute(dev.realtime.store.postgres.DatabaseUrl server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for integration tests is not usable at " + server
                    + " (set REALTIME_TEST_DATABASE_URL): " + e.getMessage(), e);
        }
    }
}
