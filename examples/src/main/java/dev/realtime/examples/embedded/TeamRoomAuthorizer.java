package dev.realtime.examples.embedded;

import dev.realtime.core.hooks.Decision;
import dev.realtime.core.hooks.JoinAuthorizer;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;

/**
 * A custom join rule: rooms named {@code team:<name>} are open only to members of that team in the application's
 * {@link TeamDirectory}; every other room follows the built-in rules alone. The engine consults this hook after
 * its own checks (room exists, visibility, bans, size), so it only ever adds refusals.
 */
public final class TeamRoomAuthorizer implements JoinAuthorizer {
    static final String TEAM_PREFIX = "team:";

    private final TeamDirectory directory;

    public TeamRoomAuthorizer(TeamDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Decision authorize(ConnectionInfo connection, Room room, Membership membership) {
        if (!room.name().startsWith(TEAM_PREFIX)) {
            return Decision.allow();
        }
        String team = room.name().substring(TEAM_PREFIX.length());
        return directory.isMember(team, connection.userId())
                ? Decision.allow()
                : Decision.deny("room " + room.name() + " is for members of team " + team);
    }
}
