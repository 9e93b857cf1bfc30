package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.standalone.admin.AdminClient;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The database commands run against a live server through its admin API ({@code --url} or
 * {@code REALTIME_ADMIN_URL}): they then see and change the running node itself, its in-memory store included,
 * and changes reach every node at once. Output has the same columns as the database variant where the API
 * knows them; {@code --json} prints the API's own JSON.
 */
final class ApiCommands {
    private ApiCommands() {
    }

    /**
     * The admin client to use, or null to use the database. An explicit {@code --url} always wins. From the
     * environment alone, a server is used when no {@code DATABASE_URL} is set, and {@code connections} and
     * {@code stats} prefer it even then: live state is the server's, the database only mirrors it.
     */
    static AdminClient client(DbCommand command, String urlOption, String tokenOption, Map<String, String> env) {
        if (urlOption != null) {
            return AdminClient.fromOptions(urlOption, tokenOption, env);
        }
        String envUrl = env.get(AdminClient.URL_VARIABLE);
        if (envUrl == null || envUrl.isBlank()) {
            return null;
        }
        String database = env.get("DATABASE_URL");
        boolean prefersServer = command instanceof ConnectionsCommand || command instanceof StatsCommand
                || command.needsServer();
        if (database != null && !database.isBlank() && !prefersServer) {
            return null;
        }
        return AdminClient.fromOptions(null, tokenOption, env);
    }

    /** Runs {@code command} over the API; returns the exit code. */
    static int run(DbCommand command, AdminClient api, PrintWriter out) {
        if (command instanceof StatsCommand) {
            return stats(command, api.stats(), out);
        } else if (command instanceof RoomsCommand) {
            return rooms(command, api.rooms(), out);
        } else if (command instanceof RoomInfoCommand c) {
            return roomInfo(command, api.roomInfo(c.name), out);
        } else if (command instanceof CreateRoomCommand c) {
            Choices.parse(RoomType.class, c.type, "--type");
            Choices.parse(RoomVisibility.class, c.visibility, "--visibility");
            JsonNode room = api.createRoom(c.name, c.type, c.visibility, c.maxMembers);
            return done(command, room, out, "created room " + c.name + " (" + room.path("type").asText() + ", "
                    + room.path("visibility").asText() + (c.maxMembers > 0 ? ", max " + c.maxMembers + " members" : "")
                    + ")");
        } else if (command instanceof DeleteRoomCommand c) {
            api.deleteRoom(c.name);
            return done(command, DbCommand.object().put("deleted", c.name), out, "deleted room " + c.name);
        } else if (command instanceof AddMemberCommand c) {
            Choices.parse(MemberRole.class, c.role, "--role");
            JsonNode member = api.addMember(c.room, c.user, c.role);
            return done(command, member, out, "added " + c.user + " in " + c.room + " as " + member.path("role").asText());
        } else if (command instanceof RemoveMemberCommand c) {
            api.removeMember(c.room, c.user);
            return done(command, DbCommand.object().put("roomName", c.room).put("removed", c.user), out,
                    "removed " + c.user + " from " + c.room);
        } else if (command instanceof ConnectionsCommand c) {
            return connections(command, api.connections(), c.limit, out);
        } else if (command instanceof RevokeCommand c) {
            JsonNode revoked = api.revokeUser(c.user);
            return done(command, revoked, out, "revoked " + c.user + ": " + revoked.path("closedHere").asInt()
                    + " connection(s) closed on the node asked, the others close theirs; tokens issued until now "
                    + "are refused for " + revoked.path("refusedForSeconds").asLong() + " s");
        } else if (command instanceof EventsCommand c) {
            String type = c.type == null ? null : Choices.parse(EventType.class, c.type, "--type").wireName();
            return events(command, api.events(Math.min(c.limit, 1000), type), out);
        }
        throw new DbCommand.CommandFailure("works on the database only; drop --url / REALTIME_ADMIN_URL");
    }

    private static int done(DbCommand command, JsonNode json, PrintWriter out, String sentence) {
        if (command.json) {
            DbCommand.printJson(out, json);
        } else {
            out.println(sentence);
        }
        return 0;
    }

    private static int stats(DbCommand command, JsonNode s, PrintWriter out) {
        if (command.json) {
            DbCommand.printJson(out, s);
            return 0;
        }
        JsonNode connections = s.path("connections");
        new TextTable("STATISTIC", "VALUE")
                .row("node", s.path("nodeId").asText())
                .row("status", s.path("status").asText())
                .row("uptime seconds", s.path("uptime").asLong())
                .row("rooms", s.path("rooms").asInt())
                .row("open connections", connections.path("total").asInt())
                .row("authenticated", connections.path("authenticated").asInt())
                .row("anonymous", connections.path("anonymous").asInt())
                .row("slow readers closed", s.path("slowReadersClosed").asLong())
                .row("heap used MB", s.path("memory").path("heapUsed").asLong() / (1024 * 1024))
                .print(out);
        return 0;
    }

    private static int rooms(DbCommand command, JsonNode reply, PrintWriter out) {
        if (command.json) {
            DbCommand.printJson(out, reply.path("rooms"));
            return 0;
        }
        TextTable t = new TextTable("NAME", "TYPE", "VISIBILITY", "ACTIVE", "MAX", "ONLINE", "CREATED");
        for (JsonNode r : reply.path("rooms")) {
            t.row(r.path("name").asText(), r.path("type").asText(), r.path("visibility").asText(),
                    r.path("active").asBoolean() ? "yes" : "no", maxMembers(r), r.path("onlineCount").asInt(),
                    r.path("createdAt").asText());
        }
        t.print(out);
        return 0;
    }

    private static int roomInfo(DbCommand command, JsonNode r, PrintWriter out) {
        if (command.json) {
            DbCommand.printJson(out, r);
            return 0;
        }
        new TextTable("ROOM", r.path("name").asText())
                .row("type", r.path("type").asText())
                .row("visibility", r.path("visibility").asText())
                .row("active", r.path("active").asBoolean() ? "yes" : "no")
                .row("max members", r.path("maxMembers").asInt() > 0 ? r.path("maxMembers").asInt() : "no limit")
                .row("members", r.path("memberCount").asInt())
                .row("online", r.path("onlineCount").asInt())
                .row("created", r.path("createdAt").asText())
                .row("updated", r.path("updatedAt").asText())
                .print(out);
        out.println();
        TextTable members = new TextTable("USER", "ROLE", "MUTED", "BANNED", "JOINED", "LAST SEEN");
        for (JsonNode m : r.path("members")) {
            members.row(m.path("userId").asText(), m.path("role").asText(), yes(m.path("muted")),
                    yes(m.path("banned")), m.path("joinedAt").asText(), m.path("lastSeenAt").asText(null));
        }
        members.print(out);
        return 0;
    }

    private static int connections(DbCommand command, JsonNode reply, int limit, PrintWriter out) {
        if (command.json) {
            DbCommand.printJson(out, reply.path("connections"));
            return 0;
        }
        TextTable t = new TextTable("ID", "USER", "NODE", "TRANSPORT", "IP", "LATENCY MS", "CONNECTED");
        int shown = 0;
        for (JsonNode c : reply.path("connections")) {
            if (shown++ == limit) {
                break;
            }
            t.row(c.path("id").asText(), c.path("userId").asText(), c.path("nodeId").asText(),
                    c.path("transport").asText(), c.path("ip").asText(null),
                    c.path("latencyMs").isNumber() ? c.path("latencyMs").asLong() : null, c.path("connectedAt").asText());
        }
        t.print(out);
        return 0;
    }

    private static int events(DbCommand command, JsonNode reply, PrintWriter out) {
        if (command.json) {
            DbCommand.printJson(out, reply.path("events"));
            return 0;
        }
        TextTable t = new TextTable("TIME", "TYPE", "USER", "ROOM", "SOCKET", "PAYLOAD");
        for (JsonNode e : reply.path("events")) {
            t.row(e.path("createdAt").asText(), e.path("type").asText(), e.path("userId").asText(null),
                    e.path("roomName").asText(null), e.path("socketId").asText(null),
                    e.path("payload").isMissingNode() || e.path("payload").isNull() ? null : e.path("payload").toString());
        }
        t.print(out);
        return 0;
    }

    private static Object maxMembers(JsonNode room) {
        int max = room.path("maxMembers").asInt();
        return max > 0 ? max : "-";
    }

    private static String yes(JsonNode flag) {
        return flag.asBoolean() ? "yes" : "no";
    }
}
