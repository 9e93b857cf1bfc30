package dev.realtime.standalone.cli.db;

import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Removes a member from a room. */
@Command(name = "remove-member", mixinStandardHelpOptions = true, description = "Remove a member from a room.")
final class RemoveMemberCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "ROOM", description = "Room name.")
    String room;

    @Parameters(index = "1", paramLabel = "USER", description = "User id.")
    String user;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        if (store.findRoom(room).isEmpty()) {
            throw new CommandFailure("no room named " + room);
        }
        if (!store.removeMembership(room, user)) {
            throw new CommandFailure(user + " is not a member of " + room);
        }
        if (json) {
            printJson(out, object().put("roomName", room).put("removed", user));
        } else {
            out.println("removed " + user + " from " + room);
        }
        return 0;
    }
}
