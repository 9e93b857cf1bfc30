package dev.realtime.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class, created through the server named by
 * {@code REALTIME_TEST_DATABASE_URL} (default {@code postgresql://postgres@127.0.0.1:5432/test}) and dropped
 * on {@link #close()}. A server that is not there fails the test; nothing is skipped.
 */
final class TestDatabase implements AutoCloseable {
    static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

    private final DatabaseUrl admin;
    private final String name;
    private final DatabaseUrl url;

    private TestDatabase(DatabaseUrl admin, String name, DatabaseUrl url) {
        this.admin = admin;
        this.name = name;
        this.url = url;
    }

    static TestDatabase create() {
        String configured = System.getenv("REALTIME_TEST_DATABASE_URL");
        String adminUrl = configured == null || configured.isBlank() ? DEFAULT_URL : configured;
        DatabaseUrl admin = DatabaseUrl.parse(adminUrl);
        String name = "realtime_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + name);
        String jdbc = admin.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name);
        return new TestDatabase(admin, name, DatabaseUrl.parse(withCredentials(jdbc, admin)));
    }

    DatabaseUrl url() {
        return url;
    }

    String name() {
        return name;
    }

    /** Options for this database with scheduled maintenance off, so tests run it explicitly. */
    PostgresStoreOptions.Builder options() {
        return PostgresStoreOptions.builder(url).maintenanceInterval(java.time.Duration.ZERO).poolSize(4);
    }

    /** A plain JDBC connection to this database, outside any pool. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    /** Runs statements on a fresh connection. */
    void sql(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    long queryLong(String query) {
        try (Connection c = connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as text. */
    String queryString(String query) {
        try (Connection c = connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(DatabaseUrl server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for integration tests is not usable at " + server
                    + " (set REALTIME_TEST_DATABASE_URL): " + e.getMessage(), e);
        }
    }

    private static String withCredentials(String jdbc, DatabaseUrl admin) {
        StringBuilder b = new StringBuilder(jdbc);
        char sep = jdbc.contains("?") ? '&' : '?';
        if (admin.user() != null) {
            b.append(sep).append("user=").append(java.net.URLEncoder.encode(admin.user(),
                    java.nio.charset.StandardCharsets.UTF_8));
            sep = '&';
        }
        if (admin.password() != null) {
            b.append(sep).append("password=").append(java.net.URLEncoder.encode(admin.password(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
