package dev.realtime.standalone.cli.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.json.Json;
import dev.realtime.standalone.admin.AdminClient;
import dev.realtime.standalone.admin.AdminClientException;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.PostgresStoreOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of the database commands: finds {@code DATABASE_URL} in the variables (the environment over the
 * {@code .env} file), opens the PostgreSQL store without background maintenance, runs the command, and
 * turns every failure into one line on standard error and exit code 1.
 */
abstract class DbCommand implements Callable<Integer> {
    /** Exit code of a failed command (picocli uses 2 for usage errors). */
    static final int FAILED = 1;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    @Option(names = "--url", paramLabel = "URL", description = "Act on a running server through its admin API "
            + "(e.g. http://localhost:3102) instead of the database; default: REALTIME_ADMIN_URL.")
    String adminUrl;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The server's admin token; default: REALTIME_ADMIN_TOKEN (preferred: not shown by ps).")
    String adminToken;

    @Spec
    CommandSpec spec;

    /** The variables, read when the command runs (after the top-level options are parsed). */
    private Supplier<Map<String, String>> environment = Map::of;

    DbCommand withEnvironment(Supplier<Map<String, String>> variables) {
        this.environment = variables;
        return this;
    }

    /** Runs against an open store; returns the exit code. */
    abstract int run(PostgresStore store, PrintWriter out);

    /** Whether the command acts on live state only, through a running server's admin API. */
    boolean needsServer() {
        return false;
    }

    /** Whether opening the store applies pending schema files ({@code init} only). */
    boolean appliesSchema() {
        return false;
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            quietLibraryLogging();
            AdminClient api = ApiCommands.client(this, adminUrl, adminToken, environment.get());
            if (api != null) {
                int code = ApiCommands.run(this, api, out);
                out.flush();
                return code;
            }
            if (needsServer()) {
                throw new CommandFailure("acts on running servers only; pass --url or set REALTIME_ADMIN_URL");
            }
            String url = databaseUrl(environment.get());
            PostgresStoreOptions options = PostgresStoreOptions.builder(url).poolSize(2)
                    .maintenanceInterval(Duration.ZERO).applySchema(appliesSchema()).build();
            try (PostgresStore store = PostgresStore.open(options)) {
                if (!appliesSchema() && store.schema().appliedVersions().isEmpty()) {
                    throw new CommandFailure("the database has no realtime schema yet; run the init command first");
                }
                int code = run(store, out);
                out.flush();
                return code;
            }
        } catch (CommandFailure | RealtimeException | ConfigException | IllegalArgumentException
                 | AdminClientException e) {
            err.println(spec.qualifiedName() + ": " + firstLine(e.getMessage()));
            err.flush();
            return FAILED;
        }
    }

    /** Prints a JSON document followed by a newline. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.writer().withDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static ObjectNode object() {
        return Json.object();
    }

    private static String databaseUrl(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new CommandFailure("DATABASE_URL is not set; the database commands need a PostgreSQL URL "
                    + "such as postgresql://user:password@host:5432/database");
        }
        return url;
    }

    /**
     * Standard output belongs to the command's table or JSON; the pool's and the store's progress lines would
     * corrupt it, and their failures reach the operator as the command's one-line error anyway.
     */
    private static void quietLibraryLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.getLogger("com.zaxxer.hikari").setLevel(Level.OFF);
            logging.getLogger("dev.realtime.store.postgres").setLevel(Level.OFF);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A refusal with a message for the operator. */
    static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
