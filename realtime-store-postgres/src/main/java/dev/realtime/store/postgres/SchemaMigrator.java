package dev.realtime.store.postgres;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema files ({@code schema/V<n>__<description>.sql}, shipped in this jar) that a
 * database has not seen yet, in version order, and records each in {@code realtime_schema_version}.
 *
 * <p>All of it happens in one transaction holding a transaction-scoped advisory lock, so two nodes starting
 * at once apply each file exactly once (the second waits, then finds nothing to do), and a failing file
 * leaves the database as it was. A file whose content changed after it was applied is refused: released
 * files are never edited, a new version is added instead.
 */
public final class SchemaMigrator {
    /** The schema files in version order; a unit test checks this against the {@code schema/} directory. */
    public static final List<String> FILES = List.of("V1__initial.sql", "V2__room_change_notify.sql",
            "V3__event_log_user_index.sql", "V4__message_history.sql");

    static final String RESOURCE_DIR = "dev/realtime/store/postgres/schema/";
    /** Advisory lock key: "realtime" in ASCII. */
    private static final long LOCK_KEY = 0x7265616c74696d65L;
    /**
     * Limit for applying the schema, longer than the store's per-statement limits: another node may hold the
     * lock while it migrates, and a future file may rebuild a large table. Still finite, so start-up never
     * hangs forever.
     */
    static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final Jdbc jdbc;
    private final List<Migration> migrations;

    /** A migrator for the files listed in {@link #FILES}. */
    public SchemaMigrator(DataSource dataSource) {
        this(dataSource, loadBundled());
    }

    SchemaMigrator(DataSource dataSource, List<Migration> migrations) {
        this.jdbc = new Jdbc(dataSource);
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Applies pending files.
     *
     * @return the versions applied by this call, empty when the database was up to date
     * @throws RealtimeException {@code UNAVAILABLE} when the database fails, {@code INTERNAL_ERROR} when an
     *                           applied file has changed
     */
    public List<Integer> migrate() {
        return jdbc.inTransaction("apply the schema", c -> {
            c.setNetworkTimeout(Runnable::run, (int) MIGRATION_TIMEOUT.plusSeconds(30).toMillis());
            try (Statement st = c.createStatement()) {
                long limit = MIGRATION_TIMEOUT.toMillis();
                st.execute("SET LOCAL statement_timeout = " + limit);
                st.execute("SET LOCAL lock_timeout = " + limit);
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS realtime_schema_version (
                            version     integer     PRIMARY KEY,
                            description text        NOT NULL,
                            checksum    text        NOT NULL,
                            applied_at  timestamptz NOT NULL DEFAULT now()
                        )""");
            }
            Map<Integer, String> applied = new HashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, checksum FROM realtime_schema_version")) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
            List<Integer> appliedNow = new ArrayList<>();
            for (Migration m : migrations) {
                String known = applied.get(m.version());
                if (known != null) {
                    if (!known.equals(m.checksum())) {
                        throw new RealtimeException(ErrorCode.INTERNAL_ERROR, "schema file " + m.fileName()
                                + " changed after it was applied to this database; add a new version instead");
                    }
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    st.execute(m.sql());
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO realtime_schema_version (version, description, checksum) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setString(3, m.checksum());
                    ps.executeUpdate();
                }
                appliedNow.add(m.version());
                LOG.info("applied schema file {}", m.fileName());
            }
            return appliedNow;
        });
    }

    /** Versions recorded in the database, ascending; empty when the schema was never applied. */
    public List<Integer> appliedVersions() {
        return jdbc.call("read the schema version", c -> {
            List<Integer> versions = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM realtime_schema_version ORDER BY version")) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            } catch (java.sql.SQLException e) {
                if ("42P01".equals(e.getSQLState())) { // undefined table: never migrated
                    return versions;
                }
                throw e;
            }
            return versions;
        });
    }

    /** The newest version this code knows. */
    public int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /** One schema file. */
    record Migration(int version, String description, String fileName, String sql, String checksum) {
        static Migration of(String fileName, String sql) {
            Matcher m = FILE_NAME.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalArgumentException("schema file name must look like V1__initial.sql: " + fileName);
            }
            String normalized = sql.replace("\r\n", "\n");
            return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), fileName, normalized,
                    sha256(normalized));
        }
    }

    static List<Migration> loadBundled() {
        List<Migration> result = new ArrayList<>();
        int previous = 0;
        for (String file : FILES) {
            Migration m = Migration.of(file, readResource(RESOURCE_DIR + file));
            if (m.version() <= previous) {
                throw new IllegalStateException("schema files out of order at " + file);
            }
            previous = m.version();
            result.add(m);
        }
        return result;
    }

    private static String readResource(String path) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema file missing from the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema file " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
