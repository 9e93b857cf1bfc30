package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.testkit.TestClient;
import org.junit.jupiter.api.Test;

class RoomsTest {

    @Test
    void joiningAPublicRoomAddsMembershipAndTellsTheOthers() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            TestClient bob = node.connect("bob");

            JsonNode data = ok(bob.emit("room:join", room("general")));

            assertThat(data.path("roomName").asText()).isEqualTo("general");
            assertThat(data.path("memberCount").asInt()).isEqualTo(2);
            assertThat(data.path("onlineCount").asInt()).isEqualTo(2);
            assertThat(data.path("members")).extracting(JsonNode::asText).containsExactly("alice", "bob");
            assertThat(data.path("typing").isArray()).isTrue();
            assertThat(alice.received("user:joined")).singleElement()
                    .satisfies(j -> {
                        assertThat(j.path("roomName").asText()).isEqualTo("general");
                        assertThat(j.path("userId").asText()).isEqualTo("bob");
                    });
            assertThat(bob.received("user:joined")).isEmpty();
            assertThat(node.realtime.rooms().members("general")).extracting(m -> m.userId())
                    .containsExactly("alice", "bob");
        }
    }

    @Test
    void joiningTwiceIsHarmlessAndAnnouncedOnce() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            TestClient bob = node.connect("bob");
            ok(bob.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            assertThat(alice.received("user:joined")).hasSize(1);
        }
    }

    @Test
    void aUsersSecondConnectionIsNotNewsAndOnlyTheLastOneLeaving() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            TestClient bobPhone = node.connect("bob");
            TestClient bobLaptop = node.connect("bob");

            ok(bobPhone.emit("room:join", room("general")));
            JsonNode data = ok(bobLaptop.emit("room:join", room("general")));
            assertThat(alice.received("user:joined")).hasSize(1);
            assertThat(data.path("onlineCount").asInt()).isEqualTo(2);

            bobPhone.disconnect();
            assertThat(alice.received("user:left")).isEmpty();
            ok(bobLaptop.emit("room:leave", room("general")));
            assertThat(alice.received("user:left")).singleElement()
                    .satisfies(l -> assertThat(l.path("userId").asText()).isEqualTo("bob"));
        }
    }

    @Test
    void unknownRoomsAreNotFoundUnlessAutoCreationIsOn() {
        try (TestNode node = TestNode.start()) {
            assertThat(code(node.connect("a").emit("room:join", room("nowhere")))).isEqualTo("ROOM_NOT_FOUND");
        }
        try (TestNode node = TestNode.start(o -> o.autoCreateRooms(true))) {
            ok(node.connect("a").emit("room:join", room("fresh")));
            assertThat(node.realtime.rooms().get("fresh")).isPresent();
        }
    }

    @Test
    void inactiveRoomsCannotBeJoined() {
        try (TestNode node = TestNode.start()) {
            node.realtime.rooms().create(Room.builder("closed").active(false).build());
            assertThat(code(node.connect("a").emit("room:join", room("closed")))).isEqualTo("ROOM_NOT_FOUND");
        }
    }

    @Test
    void privateRoomsAreForMembersAndSecretRoomsDoNotExistForOthers() {
        try (TestNode node = TestNode.start()) {
            node.realtime.rooms().create(Room.builder("staff").visibility(RoomVisibility.PRIVATE).build());
            node.realtime.rooms().create(Room.builder("cabal").visibility(RoomVisibility.SECRET).build());
            node.realtime.rooms().addMember("staff", "alice", MemberRole.MEMBER);
            node.realtime.rooms().addMember("cabal", "alice", MemberRole.ADMIN);
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");

            ok(alice.emit("room:join", room("staff")));
            ok(alice.emit("room:join", room("cabal")));
            assertThat(code(bob.emit("room:join", room("staff")))).isEqualTo("FORBIDDEN");
            assertThat(code(bob.emit("room:join", room("cabal")))).isEqualTo("ROOM_NOT_FOUND");
        }
    }

    @Test
    void bannedUsersCannotJoin() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            var m = node.realtime.rooms().addMember("general", "troll", MemberRole.MEMBER);
            node.realtime.rooms().updateMember(m.withBanned(true));

            assertThat(code(node.connect("troll").emit("room:join", room("general")))).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void banningAJoinedUserRemovesThemFromTheRoom() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient troll = node.connect("troll");
            ok(alice.emit("room:join", room("general")));
            ok(troll.emit("room:join", room("general")));

            var m = node.membership("general", "troll");
            node.realtime.rooms().updateMember(m.withBanned(true));

            assertThat(alice.received("user:left")).singleElement()
                    .satisfies(l -> assertThat(l.path("userId").asText()).isEqualTo("troll"));
            assertThat(code(troll.emit("message:send", java.util.Map.of("roomName", "general", "content", "hi"))))
                    .isEqualTo("NOT_IN_ROOM");
        }
    }

    @Test
    void fullRoomsRefuseNewMembersButNotExistingOnes() {
        try (TestNode node = TestNode.start()) {
            node.realtime.rooms().create(Room.builder("small").maxMembers(2).build());
            ok(node.connect("a").emit("room:join", room("small")));
            ok(node.connect("b").emit("room:join", room("small")));

            assertThat(code(node.connect("c").emit("room:join", room("small")))).isEqualTo("ROOM_FULL");
            ok(node.connect("a").emit("room:join", room("small")));
        }
    }

    @Test
    void anonymousUsersMayJoinPublicRoomsWithoutBecomingMembers() {
        try (TestNode node = TestNode.start(o -> o.allowAnonymous(true))) {
            node.createRoom("lobby");
            node.realtime.rooms().create(Room.builder("staff").visibility(RoomVisibility.PRIVATE).build());
            TestClient guest = node.connectAnonymous();

            ok(guest.emit("room:join", room("lobby")));
            assertThat(code(guest.emit("room:join", room("staff")))).isEqualTo("FORBIDDEN");
            assertThat(node.realtime.rooms().members("lobby")).isEmpty();
        }
    }

    @Test
    void leavingTellsTheOthersAndEndsMembership() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            JsonNode data = ok(bob.emit("room:leave", room("general")));

            assertThat(data.path("roomName").asText()).isEqualTo("general");
            assertThat(alice.received("user:left")).singleElement()
                    .satisfies(l -> assertThat(l.path("userId").asText()).isEqualTo("bob"));
            assertThat(node.realtime.rooms().members("general")).extracting(m -> m.userId()).containsExactly("alice");
            assertThat(code(bob.emit("room:leave", room("general")))).isEqualTo("NOT_IN_ROOM");
        }
    }

    @Test
    void disconnectingTellsRoomMatesTheUserLeft() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            bob.disconnect();

            assertThat(alice.received("user:left")).extracting(l -> l.path("userId").asText()).containsExactly("bob");
            assertThat(node.realtime.rooms().onlineCount("general")).isEqualTo(1);
        }
    }

    @Test
    void theHostCanVetoJoins() {
        try (TestNode node = TestNode.start(o -> { },
                b -> b.joinAuthorizer((conn, r, m) -> conn.userId().equals("mallory")
                        ? Decision.deny("not today") : Decision.allow()))) {
            node.createRoom("general");
            TestClient mallory = node.connect("mallory");
            JsonNode ack = mallory.emit("room:join", room("general"));
            assertThat(code(ack)).isEqualTo("FORBIDDEN");
            assertThat(ack.path("error").path("message").asText()).isEqualTo("not today");
            ok(node.connect("alice").emit("room:join", room("general")));
        }
    }

    @Test
    void deletingARoomUnsubscribesItsConnections() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("doomed");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("doomed")));

            assertThat(node.realtime.rooms().delete("doomed")).isTrue();

            assertThat(code(alice.emit("message:send", java.util.Map.of("roomName", "doomed", "content", "x"))))
                    .isEqualTo("ROOM_NOT_FOUND");
            assertThat(node.realtime.rooms().delete("doomed")).isFalse();
        }
    }

    @Test
    void badRoomNamesAreValidationErrors() {
        try (TestNode node = TestNode.start()) {
            TestClient a = node.connect("a");
            assertThat(code(a.emit("room:join", room("has space")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("room:join", room("x".repeat(129))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("room:join", java.util.Map.of("roomName", 42)))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("room:join", java.util.Map.of()))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("room:join", "general"))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("room:join", null))).isEqualTo("VALIDATION_ERROR");
        }
    }
}
