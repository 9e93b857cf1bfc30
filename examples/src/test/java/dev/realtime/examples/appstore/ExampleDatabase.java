package dev.realtime.examples.appstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class on the server at {@code 127.0.0.1:5432} (user {@code postgres},
 * database {@code test} for administration; override with {@code REALTIME_TEST_DATABASE_URL} as a JDBC URL),
 * dropped on {@link #close()}. A server that is not there fails the test; nothing is skipped.
 */
final class ExampleDatabase implements AutoCloseable {
    private static final String DEFAULT_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String adminUrl;
    private final String name;

    private ExampleDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    static ExampleDatabase create() {
        String configured = System.getenv("REALTIME_TEST_DATABASE_URL");
        String admin = configured != null && configured.startsWith("jdbc:") ? configured : DEFAULT_ADMIN;
        String name = "examples_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + name);
        return new ExampleDatabase(admin, name);
    }

    /** JDBC URL of this database. */
    String jdbcUrl() {
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name);
    }

    @Override
    public void close() {
        execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the examples' tests is not usable: " + e.getMessage(), e);
        }
    }
}
