package dev.realtime.standalone.cli.db;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Registers the database subcommands in the top-level command. */
public final class DbCommands {
    private DbCommands() {
    }

    /**
     * Adds {@code init}, {@code stats}, {@code rooms}, {@code create-room}, {@code delete-room},
     * {@code room-info}, {@code add-member}, {@code remove-member}, {@code connections}, {@code events} and
     * {@code revoke} (admin API only).
     *
     * @param environment the variables ({@code DATABASE_URL}), read when a command runs
     */
    public static void addTo(CommandLine cli, Supplier<Map<String, String>> environment) {
        List<DbCommand> commands = List.of(new InitCommand(), new StatsCommand(), new RoomsCommand(),
                new CreateRoomCommand(), new DeleteRoomCommand(), new RoomInfoCommand(), new AddMemberCommand(),
                new RemoveMemberCommand(), new ConnectionsCommand(), new EventsCommand(),
                new RevokeCommand());
        for (DbCommand command : commands) {
            cli.addSubcommand(command.withEnvironment(environment));
        }
    }
}
