package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.RoomSummary;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** Every room with its member and online counts. */
@Command(name = "rooms", mixinStandardHelpOptions = true, description = "List rooms with member and online counts.")
final class RoomsCommand extends DbCommand {
    @Override
    int run(PostgresStore store, PrintWriter out) {
        List<RoomSummary> rooms = store.admin().rooms();
        if (json) {
            ArrayNode array = object().arrayNode();
            rooms.forEach(r -> array.add(Views.summary(r)));
            printJson(out, array);
            return 0;
        }
        TextTable t = new TextTable("NAME", "TYPE", "VISIBILITY", "ACTIVE", "MAX", "MEMBERS", "ONLINE", "CREATED");
        for (RoomSummary r : rooms) {
            t.row(r.room().name(), r.room().type().wireName(), r.room().visibility().wireName(),
                    r.room().active() ? "yes" : "no", r.room().hasMemberLimit() ? r.room().maxMembers() : "-",
                    r.memberCount(), r.onlineMemberCount(), r.room().createdAt());
        }
        t.print(out);
        return 0;
    }
}
