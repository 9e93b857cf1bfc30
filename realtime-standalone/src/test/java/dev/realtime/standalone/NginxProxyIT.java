package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import dev.realtime.testkit.node.SocketIoDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two standalone nodes sharing the real Redis behind a real nginx configured with the shipped
 * {@code deploy/nginx.conf} blocks, driven by unmodified socket.io-client 4.8 sockets with default options
 * (long-polling, then the upgrade) and with long-polling only. The sticky upstream hashes on the client address,
 * so the sockets leave from different loopback addresses (127.0.0.x), as different machines would, to land on
 * both nodes. Also: the same location over plain round robin loses polling sessions, and a proxy that does not
 * pass upgrades leaves a default client on long-polling, working.
 */
class NginxProxyIT {
    private static final String SECRET = "nginx-proxy-it-secret-0123456789abcdef";
    private static final String REDIS_URL = System.getenv().getOrDefault("REALTIME_TEST_REDIS_URL",
            "redis://127.0.0.1:6379");
    private static final Map<String, Object> DEFAULT_TRANSPORTS = Map.of();
    private static final List<String> POLLING_ONLY = List.of("polling");
    private static final String STICKY = "sticky";
    private static final String ROUND_ROBIN = "round-robin";
    private static final String NO_UPGRADES = "no-upgrades";

    private static final String PREFIX = "rt-nginx-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static RealtimeServer nodeA;
    private static RealtimeServer nodeB;
    private static NginxProxy nginx;
    private static SocketIoDriver driver;
    private static int nextAddress = 10;

    private final List<String> sockets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        nodeA = node("nginx-it-a");
        nodeB = node("nginx-it-b");
        // cross-node delivery starts once each node has heard the other's heartbeat
        await().atMost(Duration.ofSeconds(20)).until(() -> nodeA.realtime().health().bus().peers().size() == 1
                && nodeB.realtime().health().bus().peers().size() == 1);
        ShippedNginxConfig shipped = ShippedNginxConfig.load();
        List<String> servers = List.of("127.0.0.1:" + nodeA.port(), "127.0.0.1:" + nodeB.port());
        nginx = NginxProxy.start(shipped.upgradeMap() + "\n" + shipped.clientUpstream("realtime_ws", servers, true)
                        + "\n" + shipped.clientUpstream("realtime_round_robin", servers, false),
                Map.of(STICKY, shipped.socketIoLocation("realtime_ws"),
                        ROUND_ROBIN, shipped.socketIoLocation("realtime_round_robin"),
                        NO_UPGRADES, shipped.socketIoLocationWithoutUpgrades("realtime_ws")));
        // the netty module's build installs socket.io-client (npm ci) and holds the driver script
        driver = new SocketIoDriver(Path.of("").toAbsolutePath().resolveSibling("realtime-transport-netty"));
    }

    private static RealtimeServer node(String id) {
        ServerConfig config = ConfigLoader.load(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general",
                "REALTIME_NODE_ID", id, "REALTIME_REDIS_URL", REDIS_URL, "REALTIME_REDIS_CHANNEL_PREFIX", PREFIX,
                "REALTIME_PRESENCE_HEARTBEAT", "500"));
        return RealtimeServer.start(config);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {driver, nginx, nodeA, nodeB}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** The driver is shared by the tests, so each test names its sockets (users) differently. */
    @AfterEach
    void disconnectSockets() {
        sockets.forEach(driver::disconnect);
    }

    @Test
    void pollingAndUpgradingClientsOnBothNodesBehindTheShippedStickyUpstream() {
        List<String> onA = addressesServedBy(nodeA, 2);
        List<String> onB = addressesServedBy(nodeB, 2);
        int[] before = connectionCounts();
        connect("alice", STICKY, onA.get(0), DEFAULT_TRANSPORTS);
        connect("carol", STICKY, onA.get(1), Map.of("transports", POLLING_ONLY));
        connect("bob", STICKY, onB.get(0), Map.of("transports", POLLING_ONLY));
        connect("dave", STICKY, onB.get(1), DEFAULT_TRANSPORTS);
        assertThat(connectionCounts()).as("clients on node A and node B").containsExactly(before[0] + 2, before[1] + 2);
        for (String upgrading : List.of("alice", "dave")) {
            assertThat(driver.awaitMessage(upgrading, m -> "upgrade".equals(m.path("type").asText()))
                    .path("name").asText()).isEqualTo("websocket");
        }
        List.of("alice", "bob", "carol", "dave").forEach(this::join);

        String fromA = send("alice", "from node A");
        String fromB = send("dave", "from node B");
        for (String receiver : List.of("alice", "bob", "carol", "dave")) {
            assertThat(receivedOnce(receiver, fromA)).as(receiver + " got alice's message").isTrue();
            assertThat(receivedOnce(receiver, fromB)).as(receiver + " got dave's message").isTrue();
        }
        assertThat(driver.messages("bob", "upgrade")).isEmpty();
        assertThat(driver.messages("carol", "upgrade")).isEmpty();
        sockets.forEach(s -> assertThat(driver.messages(s, "disconnect")).as(s + " disconnected").isEmpty());

        List<NginxProxy.Request> requests = nginx.requests(STICKY);
        assertThat(requests).filteredOn(NginxProxy.Request::isPolling).isNotEmpty()
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(requests).noneMatch(r -> r.status() == 400);
        Map<String, Set<String>> upstreamsByClient = requests.stream().collect(Collectors.groupingBy(
                NginxProxy.Request::clientAddress, Collectors.mapping(NginxProxy.Request::upstream, Collectors.toSet())));
        assertThat(upstreamsByClient.values()).as("each client address stays on one node").allMatch(s -> s.size() == 1);
        assertThat(upstreamsByClient.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("127.0.0.1:" + nodeA.port(), "127.0.0.1:" + nodeB.port());
    }

    @Test
    void withoutStickinessAPollingSessionMeetsTheOtherNodeAndIsRefused() {
        String address = nextAddress();
        JsonNode result = driver.connect("lost", nginx.url(ROUND_ROBIN), auth("lost"),
                Map.of("transports", POLLING_ONLY, "localAddress", address));
        sockets.add("lost");
        if ("connect".equals(result.path("type").asText())) {
            driver.awaitMessage("lost", m -> "disconnect".equals(m.path("type").asText()));
        }
        assertThat(nginx.requests(ROUND_ROBIN)).filteredOn(r -> r.clientAddress().equals(address))
                .anyMatch(r -> r.isPolling() && r.status() == 400);
    }

    @Test
    void behindAProxyThatDropsUpgradesADefaultClientStaysOnPollingAndWorks() {
        String erinAddress = nextAddress();
        connect("erin", NO_UPGRADES, erinAddress, DEFAULT_TRANSPORTS);
        connect("frank", NO_UPGRADES, nextAddress(), Map.of("transports", POLLING_ONLY));
        // the client probes the WebSocket once; the server refuses the request the proxy stripped of its upgrade
        await().atMost(Duration.ofSeconds(15)).until(() -> nginx.requests(NO_UPGRADES).stream()
                .anyMatch(r -> r.clientAddress().equals(erinAddress) && r.request().contains("transport=websocket")
                        && r.status() == 400));
        join("erin");
        join("frank");
        String fromErin = send("erin", "over polling");
        String fromFrank = send("frank", "over polling too");
        for (String receiver : List.of("erin", "frank")) {
            assertThat(receivedOnce(receiver, fromErin)).isTrue();
            assertThat(receivedOnce(receiver, fromFrank)).isTrue();
        }
        assertThat(driver.messages("erin", "transport")).extracting(m -> m.path("name").asText())
                .containsExactly("polling");
        assertThat(driver.messages("erin", "upgrade")).isEmpty();
        assertThat(driver.messages("erin", "disconnect")).isEmpty();
        assertThat(nginx.requests(NO_UPGRADES)).filteredOn(NginxProxy.Request::isPolling)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    }

    /**
     * {@code count} loopback addresses whose clients the sticky upstream sends to {@code node}, found with a
     * short-lived polling client per address.
     */
    private List<String> addressesServedBy(RealtimeServer node, int count) {
        int[] before = connectionCounts();
        List<String> found = new ArrayList<>();
        while (found.size() < count) {
            String address = nextAddress();
            String probe = "probe-" + address;
            connect(probe, STICKY, address, Map.of("transports", POLLING_ONLY));
            if (nginx.requests(STICKY).stream().anyMatch(r -> r.clientAddress().equals(address)
                    && r.upstream().equals("127.0.0.1:" + node.port()))) {
                found.add(address);
            }
            driver.disconnect(probe);
            sockets.remove(probe);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Arrays.equals(connectionCounts(), before));
        assertThat(found).as("sticky hashing spreads 127.0.0.x over both nodes").hasSize(count);
        return found;
    }

    private static int[] connectionCounts() {
        return new int[] {nodeA.realtime().connectionCount(), nodeB.realtime().connectionCount()};
    }

    private static synchronized String nextAddress() {
        assertThat(nextAddress).as("loopback addresses left").isLessThan(250);
        return "127.0.0." + nextAddress++;
    }

    private static Map<String, Object> auth(String user) {
        return Map.of("token", new JwtIssuer(SECRET).issue(user, Duration.ofMinutes(5)));
    }

    private void connect(String user, String site, String localAddress, Map<String, Object> options) {
        Map<String, Object> withAddress = new HashMap<>(options);
        withAddress.put("localAddress", localAddress);
        JsonNode result = driver.connect(user, nginx.url(site), auth(user), withAddress);
        sockets.add(user);
        assertThat(result.path("type").asText()).as(user + ": " + result).isEqualTo("connect");
    }

    private void join(String socket) {
        JsonNode ack = driver.emitWithAck(socket, "room:join", Map.of("roomName", "general"));
        assertThat(ack.path("success").asBoolean()).as(socket + " joined: " + ack).isTrue();
    }

    /** Sends to the shared room; returns the message id from the ack. */
    private String send(String socket, String content) {
        JsonNode ack = driver.emitWithAck(socket, "message:send", Map.of("roomName", "general", "content", content));
        assertThat(ack.path("success").asBoolean()).as(socket + " sent: " + ack).isTrue();
        return ack.path("data").path("id").asText();
    }

    /** Waits for message {@code id} at {@code socket}; true when it arrived exactly once. */
    private boolean receivedOnce(String socket, String id) {
        driver.awaitEvent(socket, "message:new", d -> id.equals(d.path("id").asText()));
        return driver.events(socket, "message:new").stream().filter(d -> id.equals(d.path("id").asText())).count() == 1;
    }
}
