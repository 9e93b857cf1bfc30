package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.BusRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis bus when Redis fails: killed, frozen, absent at start-up, restarted. Each test runs its own
 * {@code redis-server}, so it can be killed without disturbing anybody.
 */
class RedisBusFaultIT {
    private static final int QUEUE_CAPACITY = 500;

    private final List<RedisBus> buses = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        buses.forEach(RedisBus::close);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private PrivateRedisServer server(PrivateRedisServer server) {
        resources.add(0, server);
        return server;
    }

    private RedisBus bus(String url, BusRecorder recorder) {
        RedisBus bus = new RedisBus(RedisBusOptions.builder()
                .url(url)
                .channelPrefix("fault-it")
                .publishQueueCapacity(QUEUE_CAPACITY)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(500))
                .commandTimeout(Duration.ofMillis(500))
                .healthCheckInterval(Duration.ofMillis(500))
                .build());
        buses.add(bus);
        bus.start(recorder);
        return bus;
    }

    private PublishPump pump(RedisBus bus, String tag) {
        PublishPump pump = new PublishPump(bus, tag);
        resources.add(0, pump);
        return pump;
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));
    }

    @Test
    void killingRedisWhilePublishingDisconnectsWithoutBlockingAndARestartResumesDelivery() {
        PrivateRedisServer redis = server(PrivateRedisServer.started());
        BusRecorder sent = new BusRecorder();
        BusRecorder received = new BusRecorder();
        RedisBus sender = bus(redis.url(), sent);
        RedisBus receiver = bus(redis.url(), received);
        eventually().until(() -> sender.isConnected() && receiver.isConnected());
        PublishPump pump = pump(sender, "a");
        eventually().until(() -> PublishPump.highestNumber(received.texts(), "a") > 0);

        redis.kill();

        eventually().until(() -> sent.disconnects() == 1 && received.disconnects() == 1);
        assertThat(sender.isConnected()).isFalse();
        long attemptsWhenDown = pump.attempts();
        eventually().until(() -> pump.attempts() > attemptsWhenDown + 1_000);
        assertThat(sender.pendingCount()).isLessThanOrEqualTo(QUEUE_CAPACITY);
        assertThat(sender.droppedCount()).isPositive();
        assertThat(sent.reconnects()).isZero();

        redis.start();

        eventually().until(() -> sent.reconnects() == 1 && received.reconnects() == 1);
        assertThat(sender.isConnected()).isTrue();
        long publishedAfterRestart = pump.attempts();
        eventually().until(() -> PublishPump.highestNumber(received.texts(), "a") > publishedAfterRestart);
        assertThat(sent.disconnects()).isEqualTo(1);
    }

    @Test
    void aFrozenRedisIsDetectedByTheHealthCheckAndPublishNeverBlocks() {
        PrivateRedisServer redis = server(PrivateRedisServer.started());
        BusRecorder sent = new BusRecorder();
        BusRecorder received = new BusRecorder();
        RedisBus sender = bus(redis.url(), sent);
        bus(redis.url(), received);
        eventually().until(sender::isConnected);
        PublishPump pump = pump(sender, "b");
        eventually().until(() -> PublishPump.highestNumber(received.texts(), "b") > 0);

        redis.pause();

        // The connections stay open; only the missing answers to the pings reveal the outage.
        eventually().until(() -> sent.disconnects() == 1 && received.disconnects() == 1);
        long attemptsWhenDown = pump.attempts();
        eventually().until(() -> pump.attempts() > attemptsWhenDown + 1_000);
        assertThat(sender.pendingCount()).isLessThanOrEqualTo(QUEUE_CAPACITY);

        redis.resume();

        eventually().until(() -> sent.reconnects() == 1 && received.reconnects() == 1);
        long publishedAfterResume = pump.attempts();
        eventually().until(() -> PublishPump.highestNumber(received.texts(), "b") > publishedAfterResume);
    }

    @Test
    void aNodeStartedWhileRedisIsDownConnectsOnceItIsUp() {
        PrivateRedisServer redis = server(PrivateRedisServer.onFreePort());
        BusRecorder early = new BusRecorder();
        RedisBus earlyNode = bus(redis.url(), early);

        eventually().until(() -> early.disconnects() == 1);
        assertThat(earlyNode.isConnected()).isFalse();
        assertThat(earlyNode.publish(bytes("lost"))).isFalse();

        redis.start();

        eventually().until(() -> early.reconnects() == 1 && earlyNode.isConnected());
        BusRecorder late = new BusRecorder();
        RedisBus lateNode = bus(redis.url(), late);
        eventually().until(lateNode::isConnected);
        assertThat(earlyNode.publish(bytes("hello"))).isTrue();
        eventually().until(() -> late.received("hello"));
        assertThat(late.received("lost")).isFalse();
    }

    @Test
    void closingUnsubscribesEveryNodeAndEndsItsThreads() {
        PrivateRedisServer redis = server(PrivateRedisServer.started());
        List<RedisBus> nodes = List.of(
                bus(redis.url(), new BusRecorder()), bus(redis.url(), new BusRecorder()), bus(redis.url(), new BusRecorder()));
        eventually().until(() -> nodes.stream().allMatch(RedisBus::isConnected));
        assertThat(TestRedis.channels(redis.url(), "fault-it*")).containsExactly("fault-it:bus");

        nodes.forEach(RedisBus::close);

        assertThat(TestRedis.channels(redis.url(), "fault-it*")).isEmpty();
        assertThat(busThreads()).isEmpty();
    }

    @Test
    void closingWhileRedisIsDownReturnsAndEndsItsThreads() {
        PrivateRedisServer redis = server(PrivateRedisServer.started());
        BusRecorder recorder = new BusRecorder();
        RedisBus node = bus(redis.url(), recorder);
        eventually().until(node::isConnected);
        redis.kill();
        eventually().until(() -> recorder.disconnects() == 1);

        node.close();

        assertThat(busThreads()).isEmpty();
        assertThat(node.publish(bytes("late"))).isFalse();
    }

    private static List<String> busThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("realtime-redis-bus"))
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
