package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.RoomDetails;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** One room: its settings, counts and members. */
@Command(name = "room-info", mixinStandardHelpOptions = true, description = "Show a room and its members.")
final class RoomInfoCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Room name.")
    String name;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        RoomDetails info = store.admin().roomInfo(name)
                .orElseThrow(() -> new CommandFailure("no room named " + name));
        if (json) {
            ObjectNode n = Views.summary(info.summary());
            info.members().forEach(m -> n.withArray("members").add(Views.member(m)));
            if (info.members().isEmpty()) {
                n.putArray("members");
            }
            printJson(out, n);
            return 0;
        }
        Room r = info.summary().room();
        new TextTable("ROOM", r.name())
                .row("type", r.type().wireName())
                .row("visibility", r.visibility().wireName())
                .row("active", r.active() ? "yes" : "no")
                .row("max members", r.hasMemberLimit() ? r.maxMembers() : "no limit")
                .row("members", info.summary().memberCount())
                .row("online", info.summary().onlineMemberCount())
                .row("banned", info.summary().bannedCount())
                .row("created", r.createdAt())
                .row("updated", r.updatedAt())
                .print(out);
        out.println();
        TextTable members = new TextTable("USER", "ROLE", "MUTED", "BANNED", "JOINED", "LAST SEEN");
        for (Membership m : info.members()) {
            members.row(m.userId(), m.role().wireName(), m.muted() ? "yes" : "no", m.banned() ? "yes" : "no",
                    m.joinedAt(), m.lastSeenAt());
        }
        members.print(out);
        return 0;
    }
}
