package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.realtime.testkit.BusRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/** A password-protected Redis: the password from the URL logs in, and no log line ever shows it. */
class RedisBusAuthIT {
    private final String password = "pw-" + UUID.randomUUID();
    private final String wrongPassword = "wrong-" + UUID.randomUUID();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<RedisBus> buses = new ArrayList<>();
    private PrivateRedisServer redis;
    private Level previousLevel;

    @BeforeEach
    void startRedisAndCaptureLogs() {
        redis = PrivateRedisServer.started("--requirepass", password);
        logs.start();
        rootLogger().addAppender(logs);
        // Debug output too: nothing, ours or the Redis client's, may print the password.
        previousLevel = rootLogger().getLevel();
        rootLogger().setLevel(Level.DEBUG);
        projectLogger().setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopEverything() {
        buses.forEach(RedisBus::close);
        rootLogger().detachAppender(logs);
        rootLogger().setLevel(previousLevel);
        projectLogger().setLevel(null);
        redis.close();
    }

    private static Logger projectLogger() {
        return (Logger) LoggerFactory.getLogger("dev.realtime");
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private RedisBus bus(String url, BusRecorder recorder) {
        RedisBus bus = new RedisBus(RedisBusOptions.builder()
                .url(url)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build());
        buses.add(bus);
        bus.start(recorder);
        return bus;
    }

    @Test
    void thePasswordFromTheUrlLogsIn() {
        BusRecorder received = new BusRecorder();
        RedisBus sender = bus(redis.url(":" + password), new BusRecorder());
        RedisBus receiver = bus(redis.url(":" + password), received);
        await().atMost(Duration.ofSeconds(20)).until(() -> sender.isConnected() && receiver.isConnected());

        assertThat(sender.publish("secret handshake".getBytes(StandardCharsets.UTF_8))).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.received("secret handshake"));
        assertThat(loggedText()).isNotEmpty().doesNotContain(password);
    }

    @Test
    void aWrongPasswordKeepsTheNodeDisconnectedAndIsNeverLogged() {
        BusRecorder recorder = new BusRecorder();
        RedisBus node = bus(redis.url("app:" + wrongPassword), recorder);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.disconnects() == 1);
        assertThat(node.isConnected()).isFalse();
        assertThat(node.publish(new byte[] {1})).isFalse();
        node.close();

        assertThat(loggedText()).contains("unreachable").doesNotContain(wrongPassword).doesNotContain(password);
    }

    @Test
    void aUserWithoutPublishPermissionIsWarnedOnceAndEveryMessageIsCountedAsDropped() {
        try (Jedis admin = TestRedis.connect(RedisEndpoint.parse(redis.url(":" + password)))) {
            admin.aclSetUser("listener", "on", ">listener-pw", "resetchannels", "&*", "-@all", "+hello",
                    "+client|setname", "+select", "+ping", "+subscribe", "+unsubscribe");
        }
        RedisBus node = bus(redis.url("listener:listener-pw"), new BusRecorder());
        await().atMost(Duration.ofSeconds(20)).until(node::isConnected);

        for (int i = 0; i < 10; i++) {
            assertThat(node.publish(new byte[] {(byte) i})).isTrue();
            int sent = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> node.droppedCount() == sent);
        }

        assertThat(node.publishedCount()).isZero();
        assertThat(logs.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .filter(event -> event.getFormattedMessage().contains("NOPERM")))
                .hasSize(1);
    }

    private String loggedText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return text.toString();
    }
}
