package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.standalone.admin.AdminFixture.Reply;
import dev.realtime.testkit.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every admin endpoint over real HTTP against a real engine with in-process clients. */
class AdminApiTest {
    private final AdminFixture node = new AdminFixture();

    @AfterEach
    void stop() {
        node.close();
    }

    private TestClient joined(String userId, String room) {
        TestClient client = node.connect(userId);
        assertThat(client.emit("room:join", Map.of("roomName", room)).path("success").asBoolean())
                .as("join " + room).isTrue();
        return client;
    }

    private void room(String name) {
        node.realtime.rooms().create(Room.builder(name).build());
    }

    @Nested
    class Authentication {
        @Test
        void everyRouteRefusesAMissingOrWrongToken() {
            room("general");
            for (String route : node.api.routes()) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1).replace("{name}", "general")
                        .replace("{userId}", "alice").replace("{id}", "c1");
                for (String authorization : new String[] {null, "Bearer wrong", "Basic " + AdminFixture.TOKEN,
                        "Bearer " + AdminFixture.TOKEN + "x", "Bearer "}) {
                    Reply reply = node.call(method, path, "{}", authorization);
                    assertThat(reply.status()).as(route + " with " + authorization).isEqualTo(401);
                    assertThat(reply.errorCode()).isEqualTo("AUTH_REQUIRED");
                    assertThat(reply.wwwAuthenticate()).startsWith("Bearer");
                }
            }
            assertThat(node.realtime.rooms().get("general")).isPresent();
        }

        @Test
        void changesAreLoggedWithMethodPathAndStatusButNeverTheToken() {
            Logger logger = (Logger) LoggerFactory.getLogger(AdminHandler.class);
            ListAppender<ILoggingEvent> lines = new ListAppender<>();
            lines.start();
            logger.addAppender(lines);
            try {
                assertThat(node.call("POST", "/api/rooms?token=" + AdminFixture.TOKEN, "{\"name\":\"audited\"}").status())
                        .isEqualTo(201);
            } finally {
                logger.detachAppender(lines);
            }
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("admin POST /api/rooms -> 201")
                    .noneMatch(line -> line.contains(AdminFixture.TOKEN));
        }

        @Test
        void theSchemeIsCaseInsensitive() {
            assertThat(node.call("GET", "/api/rooms", null, "bearer " + AdminFixture.TOKEN).status()).isEqualTo(200);
        }

        @Test
        void unknownPathsAre404AndWrongMethods405() {
            Reply unknown = node.call("GET", "/api/nothing", null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
            Reply method = node.call("PUT", "/api/rooms", "{}");
            assertThat(method.status()).isEqualTo(405);
            assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        }
    }

    @Nested
    class Rooms {
        @Test
        void createGetListUpdateDelete() {
            Reply created = node.call("POST", "/api/rooms", """
                    {"name":"team:1","type":"group","visibility":"private","maxMembers":10,"metadata":{"topic":"x"}}""");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("name").asText()).isEqualTo("team:1");
            assertThat(created.json().path("type").asText()).isEqualTo("group");
            assertThat(created.json().path("visibility").asText()).isEqualTo("private");
            assertThat(created.json().path("metadata").path("topic").asText()).isEqualTo("x");
            assertThat(node.realtime.rooms().get("team:1")).isPresent();

            assertThat(node.call("POST", "/api/rooms", "{\"name\":\"team:1\"}").status()).isEqualTo(409);

            Reply list = node.call("GET", "/api/rooms", null);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().path("rooms").findValuesAsText("name")).containsExactly("team:1");

            Reply patched = node.call("PATCH", "/api/rooms/team:1", "{\"maxMembers\":3,\"active\":false}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().path("maxMembers").asInt()).isEqualTo(3);
            assertThat(patched.json().path("type").asText()).as("unchanged fields kept").isEqualTo("group");
            assertThat(node.realtime.rooms().get("team:1").orElseThrow().active()).isFalse();

            Reply one = node.call("GET", "/api/rooms/team:1", null);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().path("memberCount").asInt()).isZero();
            assertThat(one.json().path("onlineCount").asInt()).isZero();

            assertThat(node.call("DELETE", "/api/rooms/team:1", null).status()).isEqualTo(204);
            assertThat(node.realtime.rooms().get("team:1")).isEmpty();
            assertThat(node.call("DELETE", "/api/rooms/team:1", null).errorCode()).isEqualTo("ROOM_NOT_FOUND");
        }

        @Test
        void percentEncodedNamesWork() {
            assertThat(node.call("POST", "/api/rooms", "{\"name\":\"dm#a@b\"}").status()).isEqualTo(201);
            assertThat(node.call("GET", "/api/rooms/dm%23a%40b", null).json().path("name").asText()).isEqualTo("dm#a@b");
        }

        @Test
        void badBodiesAre400WithTheField() {
            assertBad("POST", "/api/rooms", "not json", "body");
            assertBad("POST", "/api/rooms", "[1]", "body");
            assertBad("POST", "/api/rooms", null, "body");
            assertBad("POST", "/api/rooms", "{}", "name");
            assertBad("POST", "/api/rooms", "{\"name\":\"has space\"}", "name");
            assertBad("POST", "/api/rooms", "{\"name\":\"a\",\"type\":\"party\"}", "type");
            assertBad("POST", "/api/rooms", "{\"name\":\"a\",\"maxMembers\":-1}", "maxMembers");
            assertBad("POST", "/api/rooms", "{\"name\":\"a\",\"active\":\"yes\"}", "active");
            assertBad("POST", "/api/rooms", "{\"name\":\"a\",\"settings\":[]}", "settings");
            room("general");
            assertBad("PATCH", "/api/rooms/general", "{}", "body");
            assertBad("PATCH", "/api/rooms/general", "{\"visibility\":\"hidden\"}", "visibility");
            assertThat(node.realtime.rooms().list()).extracting(Room::name).containsExactly("general");
        }

        @Test
        void trailingDataAfterTheJsonIsRefused() {
            for (String body : new String[] {"{\"name\":\"x\"}xyz", "{\"name\":\"x\"} {\"name\":\"y\"}",
                    "{\"name\":\"x\"}]", "{\"name\":\"x\"}\n1"}) {
                assertBad("POST", "/api/rooms", body, "body");
            }
            room("general");
            assertBad("PATCH", "/api/rooms/general", "{\"maxMembers\":3}garbage", "body");
            assertBad("POST", "/api/rooms/general/messages", "{\"content\":\"hi\"}{}", "body");
            assertThat(node.realtime.rooms().list()).extracting(Room::name).containsExactly("general");
            assertThat(node.realtime.rooms().get("general").orElseThrow().maxMembers()).isNotEqualTo(3);
            assertThat(node.call("POST", "/api/rooms", "{\"name\":\"x\"}  \r\n").status())
                    .as("trailing whitespace is fine").isEqualTo(201);
        }

        @Test
        void unknownRoomsAre404() {
            for (String[] call : new String[][] {{"GET", "/api/rooms/none"}, {"PATCH", "/api/rooms/none"},
                    {"DELETE", "/api/rooms/none"}, {"PUT", "/api/rooms/none/members/alice"},
                    {"DELETE", "/api/rooms/none/members/alice"}, {"POST", "/api/rooms/none/messages"},
                    {"POST", "/api/rooms/none/events"}}) {
                Reply reply = node.call(call[0], call[1], "{\"content\":\"hi\",\"event\":\"ping2\",\"active\":true}");
                assertThat(reply.status()).as(call[0] + " " + call[1]).isEqualTo(404);
                assertThat(reply.errorCode()).isEqualTo("ROOM_NOT_FOUND");
            }
        }

        @Test
        void oversizedBodiesAre413() {
            String big = "{\"name\":\"" + "a".repeat(AdminApi.MAX_BODY_BYTES) + "\"}";
            Reply reply = node.call("POST", "/api/rooms", big);
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Nested
    class Members {
        @Test
        void addChangeAndRemoveAMember() {
            room("general");
            Reply added = node.call("PUT", "/api/rooms/general/members/alice", "{\"role\":\"moderator\"}");
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            assertThat(added.json().path("role").asText()).isEqualTo("moderator");
            Reply muted = node.call("PUT", "/api/rooms/general/members/alice", "{\"muted\":true}");
            assertThat(muted.status()).isEqualTo(200);
            assertThat(muted.json().path("muted").asBoolean()).isTrue();
            assertThat(muted.json().path("role").asText()).isEqualTo("moderator");
            assertThat(node.call("PUT", "/api/rooms/general/members/bob", null).status()).isEqualTo(201);
            Reply room = node.call("GET", "/api/rooms/general", null);
            assertThat(room.json().path("members").findValuesAsText("userId")).containsExactly("alice", "bob");

            assertThat(node.call("DELETE", "/api/rooms/general/members/alice", null).status()).isEqualTo(204);
            Reply again = node.call("DELETE", "/api/rooms/general/members/alice", null);
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.errorCode()).isEqualTo("NOT_FOUND");
        }

        @Test
        void aBanExpelsTheUsersConnectionsAndAMutedUserCannotSend() {
            room("general");
            TestClient alice = joined("alice", "general");
            TestClient bob = joined("bob", "general");
            assertThat(node.call("PUT", "/api/rooms/general/members/bob", "{\"muted\":true}").status()).isEqualTo(200);
            JsonNode refused = bob.emit("message:send", Map.of("roomName", "general", "content", "hi"));
            assertThat(refused.path("error").path("code").asText()).isEqualTo("FORBIDDEN");

            assertThat(node.call("PUT", "/api/rooms/general/members/bob", "{\"banned\":true}").status()).isEqualTo(200);
            assertThat(alice.received("user:left")).anySatisfy(e -> assertThat(e.path("userId").asText()).isEqualTo("bob"));
            assertThat(node.realtime.rooms().onlineCount("general")).isEqualTo(1);
            assertThat(bob.emit("room:join", Map.of("roomName", "general")).path("error").path("code").asText())
                    .isEqualTo("FORBIDDEN");
        }

        @Test
        void badMemberBodiesAre400() {
            room("general");
            assertBad("PUT", "/api/rooms/general/members/alice", "{\"role\":\"king\"}", "role");
            assertBad("PUT", "/api/rooms/general/members/alice", "{\"banned\":1}", "banned");
            assertBad("PUT", "/api/rooms/general/members/" + "u".repeat(129), "{}", "userId");
            assertThat(node.realtime.rooms().members("general")).isEmpty();
        }
    }

    @Nested
    class Publishing {
        @Test
        void aMessageReachesRoomMembersAsMessageNewWithTheReturnedId() {
            room("general");
            TestClient alice = joined("alice", "general");
            Reply sent = node.call("POST", "/api/rooms/general/messages",
                    "{\"content\":\"deploy finished\",\"threadId\":\"t1\",\"metadata\":{\"build\":42}}");
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            String id = sent.json().path("id").asText();
            assertThat(sent.json().path("userId").asText()).isEqualTo("system");
            JsonNode message = alice.last("message:new").orElseThrow();
            assertThat(message.path("id").asText()).isEqualTo(id);
            assertThat(message.path("roomName").asText()).isEqualTo("general");
            assertThat(message.path("content").asText()).isEqualTo("deploy finished");
            assertThat(message.path("userId").asText()).isEqualTo("system");
            assertThat(message.path("threadId").asText()).isEqualTo("t1");
            assertThat(message.path("metadata").path("build").asInt()).isEqualTo(42);
            assertThat(message.path("seq").asLong()).isEqualTo(sent.json().path("seq").asLong());

            node.call("POST", "/api/rooms/general/messages", "{\"content\":\"hi\",\"userId\":\"ci-bot\"}");
            assertThat(alice.last("message:new").orElseThrow().path("userId").asText()).isEqualTo("ci-bot");
        }

        @Test
        void anEventReachesRoomMembersWithItsData() {
            room("general");
            TestClient alice = joined("alice", "general");
            TestClient outsider = node.connect("bob");
            Reply sent = node.call("POST", "/api/rooms/general/events",
                    "{\"event\":\"order:shipped\",\"data\":{\"orderId\":7}}");
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            assertThat(sent.json().path("localRecipients").asInt()).isEqualTo(1);
            assertThat(alice.last("order:shipped").orElseThrow().path("orderId").asInt()).isEqualTo(7);
            assertThat(outsider.received("order:shipped")).isEmpty();
        }

        @Test
        void badMessagesAndEventsAre400AndNothingIsSent() {
            room("general");
            TestClient alice = joined("alice", "general");
            assertBad("POST", "/api/rooms/general/messages", "{}", "content");
            assertBad("POST", "/api/rooms/general/messages", "{\"content\":\"\"}", "content");
            assertBad("POST", "/api/rooms/general/messages", "{\"content\":5}", "content");
            assertBad("POST", "/api/rooms/general/messages", "{\"content\":\"" + "x".repeat(10_001) + "\"}", "content");
            assertBad("POST", "/api/rooms/general/messages", "{\"content\":\"a\",\"metadata\":\"m\"}", "metadata");
            assertBad("POST", "/api/rooms/general/events", "{}", "event");
            assertBad("POST", "/api/rooms/general/events", "{\"event\":\"has space\"}", "event");
            assertBad("POST", "/api/rooms/general/events", "{\"event\":\"message:new\",\"data\":{}}", "event");
            assertBad("POST", "/api/rooms/general/events", "{\"event\":\"connect\"}", "event");
            assertThat(alice.received("message:new")).isEmpty();
        }
    }

    @Nested
    class Connections {
        @Test
        void listFilterAndDisconnect() {
            TestClient alice = node.connect("alice");
            TestClient alice2 = node.connect("alice");
            TestClient bob = node.connect("bob");
            Reply all = node.call("GET", "/api/connections", null);
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.json().path("count").asInt()).isEqualTo(3);
            assertThat(all.json().path("nodeId").asText()).isEqualTo("admin-test");
            assertThat(all.json().path("connections").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(alice.id(), alice2.id(), bob.id());
            assertThat(node.call("GET", "/api/connections?userId=bob", null).json().path("connections")
                    .findValuesAsText("userId")).containsExactly("bob");

            Reply closed = node.call("DELETE", "/api/connections/" + bob.id(), null);
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.json().path("closedHere").asBoolean()).isTrue();
            assertThat(bob.closedBy()).isNotNull();
            Reply elsewhere = node.call("DELETE", "/api/connections/not-here", null);
            assertThat(elsewhere.status()).isEqualTo(202);
            assertThat(elsewhere.json().path("closedHere").asBoolean()).isFalse();

            Reply user = node.call("DELETE", "/api/users/alice/connections", null);
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.json().path("closedHere").asInt()).isEqualTo(2);
            assertThat(alice.closedBy()).isNotNull();
            assertThat(alice2.closedBy()).isNotNull();
            assertThat(node.realtime.connectionCount()).isZero();
        }

        @Test
        void revokeClosesTheUsersConnectionsAndRefusesTheirTokens() {
            TestClient carol = node.connect("carol");
            TestClient dave = node.connect("dave");

            Reply revoked = node.call("POST", "/api/users/carol/revoke", null);

            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.json().path("userId").asText()).isEqualTo("carol");
            assertThat(revoked.json().path("closedHere").asInt()).isEqualTo(1);
            assertThat(revoked.json().path("refusedForSeconds").asLong()).isEqualTo(86_400);
            assertThat(carol.closedBy()).isEqualTo(CloseReason.TOKEN_REVOKED);
            assertThat(dave.closedBy()).isNull();
            assertThatThrownBy(() -> node.connect("carol")).isInstanceOfSatisfying(RealtimeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REVOKED));
        }
    }

    @Nested
    class Insight {
        @Test
        void presenceOfOnlineAndUnknownUsers() {
            node.connect("alice");
            Reply reply = node.call("GET", "/api/presence?userIds=alice,ghost", null);
            assertThat(reply.status()).isEqualTo(200);
            Map<String, String> status = java.util.stream.StreamSupport.stream(
                    reply.json().path("presences").spliterator(), false).collect(Collectors.toMap(
                    p -> p.path("userId").asText(), p -> p.path("status").asText()));
            assertThat(status).containsEntry("alice", "online").containsEntry("ghost", "offline");
        }

        @Test
        void presenceNeedsOneToAHundredIds() {
            assertBad("GET", "/api/presence", null, "userIds");
            assertBad("GET", "/api/presence?userIds=,", null, "userIds");
            String many = IntStream.range(0, 101).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
            assertBad("GET", "/api/presence?userIds=" + many, null, "userIds");
        }

        @Test
        void statsAndEventLog() {
            room("general");
            joined("alice", "general");
            node.call("POST", "/api/rooms/general/messages", "{\"content\":\"hello\"}");
            Reply stats = node.call("GET", "/api/stats", null);
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.json().path("status").asText()).isEqualTo("ok");
            assertThat(stats.json().path("connections").path("total").asInt()).isEqualTo(1);

            org.awaitility.Awaitility.await().untilAsserted(() -> {
                Reply events = node.call("GET", "/api/events?type=message&room=general&limit=10", null);
                assertThat(events.status()).isEqualTo(200);
                assertThat(events.json().path("events").findValuesAsText("type")).containsExactly("message");
            });
            assertBad("GET", "/api/events?type=nonsense", null, "type");
            assertBad("GET", "/api/events?limit=0", null, "limit");
            assertBad("GET", "/api/events?room=has%20space", null, "room");
        }

        @Test
        void theOpenApiDocumentIsServed() {
            Reply doc = node.call("GET", "/api/openapi.json", null);
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.json().path("openapi").asText()).startsWith("3.");
        }
    }

    @Nested
    class SlowClients {
        private final List<Socket> held = new ArrayList<>();

        @AfterEach
        void release() throws IOException {
            for (Socket socket : held) {
                socket.close();
            }
        }

        private void hold(String text) throws IOException {
            Socket socket = new Socket();
            held.add(socket);
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 2_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        @Test
        void heldConnectionsDoNotStallTheApiOrHealth() throws IOException {
            room("general");
            for (int i = 0; i < 20; i++) {
                hold("GET /api/rooms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ");
            }
            for (int i = 0; i < 5; i++) {
                hold("POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"name\":");
            }
            // well under the 10 s header timeout that would otherwise free the port
            assertTimeoutPreemptively(Duration.ofSeconds(8), () -> {
                assertThat(node.call("GET", "/api/rooms", null).json().path("rooms").findValuesAsText("name"))
                        .containsExactly("general");
                assertThat(node.call("POST", "/api/rooms", "{\"name\":\"second\"}").status()).isEqualTo(201);
                assertThat(node.call("GET", "/health", null).json().path("status").asText()).isEqualTo("ok");
            });
        }
    }

    private void assertBad(String method, String path, String body, String field) {
        Reply reply = node.call(method, path, body);
        assertThat(reply.status()).as(method + " " + path + " " + body + " -> " + reply).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
        assertThat(reply.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
