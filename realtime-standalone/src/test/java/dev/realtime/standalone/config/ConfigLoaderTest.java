package dev.realtime.standalone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.PresenceScope;
import dev.realtime.core.model.EventType;
import dev.realtime.standalone.http.OpsLimits;
import dev.realtime.transport.ws.WsTransportOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsNeedOnlyAWayToVerifyTokens() {
        ServerConfig config = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(3101);
        assertThat(config.httpPort()).isEqualTo(3102);
        assertThat(config.corsOrigins()).containsExactly("*");
        assertThat(config.maxConnections()).isEqualTo(10_000);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.typingTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(config.maxPayloadBytes()).isEqualTo(1_048_576);
        assertThat(config.presenceScope()).isEqualTo(PresenceScope.ROOMS);
        assertThat(config.roomAnnounceLimit()).isEqualTo(1_000);
        assertThat(config.allowAnonymous()).isFalse();
        assertThat(config.tokenExpiryWarning()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.revocationRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.autoCreateRooms()).isFalse();
        assertThat(config.logEventTypes()).containsExactlyInAnyOrder(EventType.values());
        assertThat(config.eventLogDurable()).isFalse();
        assertThat(config.metricsPath()).isEqualTo("/metrics");
        assertThat(config.healthPath()).isEqualTo("/health");
        assertThat(config.databaseUrl()).isNull();
        assertThat(config.redisUrl()).isNull();
        assertThat(config.logFormat()).isEqualTo("text");
    }

    @Test
    void readsEveryKindOfValue() {
        ServerConfig config = ConfigLoader.load(env(
                "REALTIME_ALLOW_ANONYMOUS", "yes", "REALTIME_PORT", "0", "REALTIME_HTTP_PORT", "0",
                "REALTIME_CORS_ORIGIN", "https://a.example, https://b.example",
                "REALTIME_PRESENCE_SCOPE", "GLOBAL", "REALTIME_ROOMS", "general, random",
                "REALTIME_LOG_EVENT_TYPES", "message,join", "REALTIME_PING_INTERVAL", "1000",
                "LOG_FORMAT", "JSON", "REALTIME_ENABLE_METRICS", "false", "REALTIME_METRICS_PATH", "/m",
                "REALTIME_ROOM_ANNOUNCE_LIMIT", "0", "REALTIME_EVENT_LOG_DURABLE", "true",
                "REALTIME_TOKEN_EXPIRY_WARNING", "60000", "REALTIME_REVOCATION_RETENTION", "3600000"));
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.eventLogDurable()).isTrue();
        assertThat(config.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.presenceScope()).isEqualTo(PresenceScope.GLOBAL);
        assertThat(config.rooms()).containsExactly("general", "random");
        assertThat(config.logEventTypes()).containsExactlyInAnyOrder(EventType.MESSAGE, EventType.JOIN);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.logFormat()).isEqualTo("json");
        assertThat(config.enableMetrics()).isFalse();
        assertThat(config.metricsPath()).isEqualTo("/m");
        assertThat(config.realtimeOptions().presenceScope()).isEqualTo(PresenceScope.GLOBAL);
        assertThat(config.realtimeOptions().roomAnnounceLimit()).isZero();
        assertThat(config.realtimeOptions().tokenExpiryWarning()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.realtimeOptions().revocationRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(config.transportOptions().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void everyBadValueIsReportedOnItsOwnLine() {
        assertThatThrownBy(() -> ConfigLoader.load(env(
                "REALTIME_JWT_SECRET", SECRET,
                "REALTIME_PORT", "abc", "REALTIME_MAX_CONNECTIONS", "-5", "REALTIME_ALLOW_ANONYMOUS", "maybe",
                "REALTIME_PRESENCE_SCOPE", "planet", "REALTIME_ROOMS", "ok,bad room", "REALTIME_TYPING_TIMEOUT", "0",
                "REALTIME_HEALTH_PATH", "health", "REALTIME_LOG_EVENT_TYPES", "message,nope",
                "REALTIME_CORS_ORIGIN", "example.com", "LOG_LEVEL", "loud", "REALTIME_ROOM_ANNOUNCE_LIMIT", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "REALTIME_PORT: expected an integer 0..65535, got 'abc'",
                        "REALTIME_MAX_CONNECTIONS: expected an integer 1..2147483647, got '-5'",
                        "REALTIME_ALLOW_ANONYMOUS: expected true or false, got 'maybe'",
                        "REALTIME_PRESENCE_SCOPE: expected one of rooms, global, got 'planet'",
                        "REALTIME_ROOMS: 'bad room' is not a valid room name (1-128 letters, digits and _ - . : @ #)",
                        "REALTIME_TYPING_TIMEOUT: expected a positive number of milliseconds, got '0'",
                        "REALTIME_HEALTH_PATH: expected a path starting with /, got 'health'",
                        "REALTIME_LOG_EVENT_TYPES: expected * or a comma-separated list of [connect, disconnect, error, "
                                + "join, leave, message, typing, presence], got 'nope'",
                        "REALTIME_CORS_ORIGIN: expected * or comma-separated http(s) origins, got 'example.com'",
                        "LOG_LEVEL: expected one of trace, debug, info, warn, error, got 'loud'",
                        "REALTIME_ROOM_ANNOUNCE_LIMIT: expected an integer 0..2147483647, got '-1'"));
    }

    @Test
    void theOperationsPortBoundsHaveDefaultsAndCanBeSet() {
        ServerConfig defaults = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET));
        assertThat(defaults.opsLimits()).isEqualTo(OpsLimits.defaults());
        assertThat(defaults.httpMaxConnections()).isEqualTo(256);
        assertThat(defaults.httpHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(60));

        ServerConfig set = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_HTTP_MAX_CONNECTIONS", "32",
                "REALTIME_HTTP_HEADER_TIMEOUT", "2500", "REALTIME_HTTP_IDLE_TIMEOUT", "15000"));
        assertThat(set.opsLimits()).isEqualTo(new OpsLimits(32, Duration.ofMillis(2500), Duration.ofSeconds(15),
                OpsLimits.DEFAULT_MAX_BODY_BYTES));

        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_HTTP_MAX_CONNECTIONS",
                "0", "REALTIME_HTTP_HEADER_TIMEOUT", "10s", "REALTIME_HTTP_IDLE_TIMEOUT", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "REALTIME_HTTP_MAX_CONNECTIONS: expected an integer 1..100000, got '0'",
                        "REALTIME_HTTP_HEADER_TIMEOUT: expected a positive number of milliseconds, got '10s'",
                        "REALTIME_HTTP_IDLE_TIMEOUT: expected a positive number of milliseconds, got '-1'"));
    }

    @Test
    void theMessageHistoryHasDefaultsAndCanBeSet() {
        HistorySettings defaults = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET)).history();
        assertThat(defaults).isEqualTo(new HistorySettings(HistorySettings.Backend.MEMORY, 1000, Duration.ofHours(1),
                Duration.ofMinutes(2), 1000));
        assertThat(defaults.historyOptions().recoveryWindow()).isEqualTo(Duration.ofMinutes(2));

        HistorySettings set = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "DATABASE_URL",
                "postgres://u@db/x", "REALTIME_HISTORY", "postgres", "REALTIME_HISTORY_SIZE", "50",
                "REALTIME_HISTORY_MAX_AGE", "60000", "REALTIME_RECOVERY_WINDOW", "30000",
                "REALTIME_RECOVERY_MAX_MESSAGES", "10000")).history();
        assertThat(set).isEqualTo(new HistorySettings(HistorySettings.Backend.POSTGRES, 50, Duration.ofMinutes(1),
                Duration.ofSeconds(30), 10000));
        assertThat(set.historyOptions().maxRecoveredMessages()).isEqualTo(10000);
        assertThat(set.historyOptions().limitsFor(dev.realtime.core.model.RoomType.CHANNEL))
                .isEqualTo(new dev.realtime.core.spi.history.HistoryLimits(50, Duration.ofMinutes(1)));

        assertThat(ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_REDIS_URL", "redis://r:6379",
                "REALTIME_HISTORY", "redis")).history().backend()).isEqualTo(HistorySettings.Backend.REDIS);
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_HISTORY", "redis")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("REALTIME_HISTORY: redis needs REALTIME_REDIS_URL"));
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_HISTORY", "postgres",
                "REALTIME_HISTORY_SIZE", "0", "REALTIME_RECOVERY_WINDOW", "2m", "REALTIME_RECOVERY_MAX_MESSAGES", "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "REALTIME_HISTORY: postgres needs DATABASE_URL",
                        "REALTIME_HISTORY_SIZE: expected an integer 1..100000, got '0'",
                        "REALTIME_RECOVERY_WINDOW: expected a positive number of milliseconds, got '2m'",
                        "REALTIME_RECOVERY_MAX_MESSAGES: expected an integer 1..100000, got '0'"));
    }

    @Test
    void webSocketBoundsAgainstUnauthenticatedClientsAndStormsAreConfigurable() {
        WsTransportOptions defaults = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET)).transportOptions();
        assertThat(defaults.maxPreAuthPayloadBytes()).isEqualTo(16 * 1024);
        assertThat(defaults.acceptBacklog()).isEqualTo(1024);

        WsTransportOptions set = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET,
                "REALTIME_MAX_PREAUTH_PAYLOAD", "4096", "REALTIME_ACCEPT_BACKLOG", "4096")).transportOptions();
        assertThat(set.maxPreAuthPayloadBytes()).isEqualTo(4096);
        assertThat(set.acceptBacklog()).isEqualTo(4096);

        // the pre-authentication bound never exceeds the payload limit
        assertThat(ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_MAX_PAYLOAD", "2048",
                "REALTIME_MAX_PREAUTH_PAYLOAD", "8192")).transportOptions().maxPreAuthPayloadBytes()).isEqualTo(2048);
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_ACCEPT_BACKLOG", "0")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void theClientTransportIsNettyUnlessJavaWebSocketIsChosen() {
        assertThat(ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET)).transport()).isEqualTo(TransportKind.NETTY);
        assertThat(ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_TRANSPORT", "java-websocket"))
                .transport()).isEqualTo(TransportKind.JAVA_WEBSOCKET);
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_TRANSPORT", "jetty")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shortSecretIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_JWT_SECRET", "short")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("REALTIME_JWT_SECRET: must be at least 32 bytes for HS256, got 5"));
    }

    @Test
    void noKeyAndNoAnonymousRefusesToStartSayingWhy() {
        assertThatThrownBy(() -> ConfigLoader.load(env()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("no way to verify tokens: set REALTIME_JWT_SECRET"));
    }

    @Test
    void samePortTwiceIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(env("REALTIME_ALLOW_ANONYMOUS", "true", "REALTIME_PORT", "4000",
                "REALTIME_HTTP_PORT", "4000")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("REALTIME_HTTP_PORT: must differ from REALTIME_PORT (4000)"));
    }

    @Test
    void toStringHidesSecrets() {
        ServerConfig config = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_ADMIN_TOKEN", "adm1n"));
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("adm1n").contains("jwt=secret");
    }

    @Test
    void blankValuesMeanDefaults() {
        ServerConfig config = ConfigLoader.load(env("REALTIME_JWT_SECRET", SECRET, "REALTIME_PORT", " ",
                "DATABASE_URL", ""));
        assertThat(config.port()).isEqualTo(3101);
        assertThat(config.databaseUrl()).isNull();
        assertThat(config.rooms()).isEmpty();
    }
}
