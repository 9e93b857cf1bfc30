package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The newest event-log entries, optionally of one type. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Show recent events, newest first.")
final class EventsCommand extends DbCommand {
    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            description = "Only this type: connect, disconnect, error, join, leave, message, typing or presence.")
    String type;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        if (limit < 1 || limit > 10_000) {
            throw new CommandFailure("-n must be 1..10000, was " + limit);
        }
        EventType only = type == null ? null : Choices.parse(EventType.class, type, "--type");
        List<EventLogEntry> events = store.admin().events(limit, only);
        if (json) {
            ArrayNode array = object().arrayNode();
            events.forEach(e -> array.add(Views.event(e)));
            printJson(out, array);
            return 0;
        }
        TextTable t = new TextTable("TIME", "TYPE", "USER", "ROOM", "SOCKET", "PAYLOAD");
        for (EventLogEntry e : events) {
            t.row(e.createdAt(), e.type().wireName(), e.userId(), e.roomName(), e.socketId(),
                    e.payload() == null ? null : e.payload().toString());
        }
        t.print(out);
        return 0;
    }
}
