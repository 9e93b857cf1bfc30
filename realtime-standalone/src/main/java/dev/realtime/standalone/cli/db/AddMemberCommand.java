package dev.realtime.standalone.cli.db;

import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.store.postgres.PostgresStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds a member to a room, or changes the role of an existing member. */
@Command(name = "add-member", mixinStandardHelpOptions = true,
        description = "Add a member to a room (or change an existing member's role).")
final class AddMemberCommand extends DbCommand {
    @Parameters(index = "0", paramLabel = "ROOM", description = "Room name.")
    String room;

    @Parameters(index = "1", paramLabel = "USER", description = "User id.")
    String user;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member",
            description = "admin, moderator, member or guest (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    int run(PostgresStore store, PrintWriter out) {
        MemberRole memberRole = Choices.parse(MemberRole.class, role, "--role");
        if (store.findRoom(room).isEmpty()) {
            throw new CommandFailure("no room named " + room);
        }
        Optional<Membership> existing = store.members(room).stream()
                .filter(m -> m.userId().equals(user)).findFirst();
        Membership membership = existing.map(m -> m.withRole(memberRole))
                .orElseGet(() -> new Membership(room, user, memberRole, false, false, Instant.now(), null));
        store.saveMembership(membership);
        if (json) {
            printJson(out, Views.member(membership));
        } else {
            out.println((existing.isPresent() ? "updated " : "added ") + user + " in " + room + " as "
                    + memberRole.wireName());
        }
        return 0;
    }
}
