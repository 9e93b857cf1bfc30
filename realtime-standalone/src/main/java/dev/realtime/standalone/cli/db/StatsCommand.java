package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.store.postgres.PostgresStore;
import dev.realtime.store.postgres.StoreStats;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** Counts over rooms, memberships, connections, presence and the event log. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show database statistics.")
final class StatsCommand extends DbCommand {
    @Override
    int run(PostgresStore store, PrintWriter out) {
        StoreStats s = store.admin().stats();
        if (json) {
            ObjectNode n = object();
            n.put("schemaVersion", s.schemaVersion());
            n.put("rooms", s.rooms());
            n.put("activeRooms", s.activeRooms());
            n.put("memberships", s.memberships());
            n.put("openConnections", s.openConnections());
            n.put("connectedUsers", s.connectedUsers());
            ObjectNode presence = n.putObject("usersByPresence");
            for (PresenceStatus status : PresenceStatus.values()) {
                presence.put(status.wireName(), s.usersByPresence().getOrDefault(status, 0L));
            }
            n.put("events", s.events());
            n.put("eventsLastHour", s.eventsLastHour());
            n.put("newestEventAt", s.newestEventAt() == null ? null : s.newestEventAt().toString());
            printJson(out, n);
            return 0;
        }
        TextTable t = new TextTable("STATISTIC", "VALUE")
                .row("schema version", s.schemaVersion())
                .row("rooms", s.rooms())
                .row("active rooms", s.activeRooms())
                .row("memberships", s.memberships())
                .row("open connections", s.openConnections())
                .row("connected users", s.connectedUsers());
        for (PresenceStatus status : PresenceStatus.values()) {
            t.row("users " + status.wireName(), s.usersByPresence().getOrDefault(status, 0L));
        }
        t.row("events", s.events()).row("events last hour", s.eventsLastHour())
                .row("newest event", s.newestEventAt());
        t.print(out);
        return 0;
    }
}
