package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Open connections, newest first. */
@Command(name = "connections", mixinStandardHelpOptions = true, description = "List open connections, newest first.")
final class ConnectionsCommand extends DbCommand {
    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
            description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        if (limit < 1 || limit > 10_000) {
            throw new CommandFailure("-n must be 1..10000, was " + limit);
        }
        List<ConnectionInfo> connections = store.admin().connections(limit);
        if (json) {
            ArrayNode array = object().arrayNode();
            connections.forEach(c -> array.add(Views.connection(c)));
            printJson(out, array);
            return 0;
        }
        TextTable t = new TextTable("ID", "USER", "NODE", "TRANSPORT", "IP", "LATENCY MS", "CONNECTED");
        for (ConnectionInfo c : connections) {
            t.row(c.id(), c.userId(), c.nodeId(), c.transport().wireName(), c.ip(),
                    c.latencyMillis() < 0 ? null : c.latencyMillis(), c.connectedAt());
        }
        t.print(out);
        return 0;
    }
}
