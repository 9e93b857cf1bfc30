package dev.realtime.standalone.cli.db;

import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Revokes a user's access on a running cluster. Revocation is live state of the nodes, not a database row, so
 * the command works through the admin API only.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Close a user's connections on every node and refuse their tokens issued until now "
                + "(for REALTIME_REVOCATION_RETENTION). Needs --url or REALTIME_ADMIN_URL.")
final class RevokeCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "User id.")
    String user;

    @Override
    boolean needsServer() {
        return true;
    }

    /** Never called: {@link #needsServer()} sends the command to the admin API. */
    @Override
    int run(PostgresStore store, PrintWriter out) {
        throw new IllegalStateException("revoke has no database variant");
    }
}
