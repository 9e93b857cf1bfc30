package dev.realtime.standalone.cli.db;

import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Deletes a room and its memberships; its event history stays. */
@Command(name = "delete-room", mixinStandardHelpOptions = true,
        description = "Delete a room and its memberships (its event history stays).")
final class DeleteRoomCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Room name.")
    String name;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        if (!store.deleteRoom(name)) {
            throw new CommandFailure("no room named " + name);
        }
        if (json) {
            printJson(out, object().put("deleted", name));
        } else {
            out.println("deleted room " + name);
        }
        return 0;
    }
}
