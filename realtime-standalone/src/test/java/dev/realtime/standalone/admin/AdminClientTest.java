package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.testkit.TestClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin client against a live in-memory node. */
class AdminClientTest {
    private final AdminFixture node = new AdminFixture();
    private final AdminClient client = new AdminClient(node.baseUrl(), AdminFixture.TOKEN);

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void roomsAndMembersRoundTrip() {
        assertThat(client.createRoom("ops", "group", "private", 5).path("visibility").asText()).isEqualTo("private");
        assertThat(client.addMember("ops", "alice", "admin").path("role").asText()).isEqualTo("admin");
        assertThat(client.rooms().path("rooms").findValuesAsText("name")).containsExactly("ops");
        assertThat(client.roomInfo("ops").path("members").findValuesAsText("userId")).containsExactly("alice");
        client.removeMember("ops", "alice");
        assertThat(client.roomInfo("ops").path("memberCount").asInt()).isZero();
        client.deleteRoom("ops");
        assertThat(node.realtime.rooms().get("ops")).isEmpty();
    }

    @Test
    void liveConnectionsStatsAndEvents() {
        node.realtime.rooms().create(dev.realtime.core.model.Room.builder("general").build());
        TestClient alice = node.connect("alice");
        alice.emit("room:join", Map.of("roomName", "general"));
        assertThat(client.connections().path("connections").findValuesAsText("userId")).containsExactly("alice");
        assertThat(client.stats().path("connections").path("total").asInt()).isEqualTo(1);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(client.events(10, "join").path("events").findValuesAsText("roomName")).contains("general"));
    }

    @Test
    void refusalsCarryTheCode() {
        assertThatThrownBy(() -> client.roomInfo("none")).isInstanceOfSatisfying(AdminClientException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("ROOM_NOT_FOUND");
        });
        AdminClient wrong = new AdminClient(node.baseUrl(), "wrong-token");
        assertThatThrownBy(wrong::stats).isInstanceOfSatisfying(AdminClientException.class,
                e -> assertThat(e.code()).isEqualTo("AUTH_REQUIRED"));
        AdminClient nowhere = new AdminClient("http://127.0.0.1:1", AdminFixture.TOKEN);
        assertThatThrownBy(nowhere::stats).isInstanceOfSatisfying(AdminClientException.class,
                e -> assertThat(e.code()).isEqualTo("UNAVAILABLE"));
    }

    @Test
    void optionsWinOverTheEnvironmentAndNoUrlMeansNoClient() {
        assertThat(AdminClient.fromOptions(null, null, Map.of())).isNull();
        assertThat(AdminClient.fromOptions(null, null, Map.of("REALTIME_ADMIN_URL", node.baseUrl(),
                "REALTIME_ADMIN_TOKEN", AdminFixture.TOKEN)).rooms().has("rooms")).isTrue();
        assertThat(AdminClient.fromOptions(node.baseUrl(), AdminFixture.TOKEN,
                Map.of("REALTIME_ADMIN_URL", "http://127.0.0.1:1", "REALTIME_ADMIN_TOKEN", "x")).rooms().has("rooms"))
                .isTrue();
        assertThatThrownBy(() -> AdminClient.fromOptions("http://x", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> new AdminClient("ftp://x", "t")).isInstanceOf(IllegalArgumentException.class);
    }
}
