package dev.realtime.standalone.cli.db;

import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates a room; refuses to replace an existing one. */
@Command(name = "create-room", mixinStandardHelpOptions = true, description = "Create a room.")
final class CreateRoomCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Room name: letters, digits and _ - . : @ #.")
    String name;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "channel",
            description = "channel, dm, group or broadcast (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--visibility", paramLabel = "VISIBILITY", defaultValue = "public",
            description = "public, private or secret (default: ${DEFAULT-VALUE}).")
    String visibility;

    @Option(names = "--max-members", paramLabel = "N", defaultValue = "0",
            description = "Largest number of members, 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxMembers;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        Room room = Room.builder(name)
                .type(Choices.parse(RoomType.class, type, "--type"))
                .visibility(Choices.parse(RoomVisibility.class, visibility, "--visibility"))
                .maxMembers(maxMembers)
                .createdAt(Instant.now())
                .build();
        if (store.findRoom(name).isPresent()) {
            throw new CommandFailure("room " + name + " already exists");
        }
        store.saveRoom(room);
        if (json) {
            printJson(out, Views.room(room));
        } else {
            out.println("created room " + name + " (" + room.type().wireName() + ", "
                    + room.visibility().wireName() + (room.hasMemberLimit() ? ", max " + maxMembers + " members" : "")
                    + ")");
        }
        return 0;
    }
}
