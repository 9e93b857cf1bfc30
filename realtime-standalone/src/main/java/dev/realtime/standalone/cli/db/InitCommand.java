package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** Applies pending schema files; harmless when the database is up to date. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create or upgrade the database schema (DATABASE_URL).")
final class InitCommand extends DbCommand {
    @Override
    boolean appliesSchema() {
        return true;
    }

    @Override
    int run(PostgresStore store, PrintWriter out) {
        // Opening the store applied whatever was pending; a second call reports the state.
        List<Integer> versions = store.schema().appliedVersions();
        int version = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
        if (json) {
            ObjectNode n = object();
            n.put("schemaVersion", version);
            n.put("latestVersion", store.schema().latestVersion());
            printJson(out, n);
        } else {
            out.println("database schema is at version " + version);
        }
        return 0;
    }
}
