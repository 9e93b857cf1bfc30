package dev.realtime.standalone.config;

import dev.realtime.core.HistoryOptions;
import dev.realtime.core.PresenceScope;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.RoomNames;
import dev.realtime.standalone.http.OpsLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and type-checks the variables of {@code docs/configuration.md}. Every bad value is reported, each on
 * its own line naming the variable, what it must be and what it was; then loading fails as a whole.
 */
public final class ConfigLoader {
    /** Minimum length of an HMAC secret: HS256 needs a 256-bit key. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final int MAX_PORT = 65_535;

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @throws ConfigException listing every problem
     */
    public static ServerConfig load(Map<String, String> env) {
        return new ConfigLoader(env).read();
    }

    private ServerConfig read() {
        String host = text("REALTIME_HOST", "0.0.0.0");
        int port = integer("REALTIME_PORT", 3101, 0, MAX_PORT);
        int httpPort = integer("REALTIME_HTTP_PORT", 3102, 0, MAX_PORT);
        if (port == httpPort && port != 0) {
            problems.add("REALTIME_HTTP_PORT: must differ from REALTIME_PORT (" + port + ")");
        }
        String secret = optional("REALTIME_JWT_SECRET");
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            problems.add("REALTIME_JWT_SECRET: must be at least " + MIN_SECRET_BYTES + " bytes for HS256, got "
                    + secret.getBytes(StandardCharsets.UTF_8).length);
        }
        String jwksUrl = optional("REALTIME_JWKS_URL");
        if (jwksUrl != null && !jwksUrl.startsWith("https://") && !jwksUrl.startsWith("http://")) {
            problems.add("REALTIME_JWKS_URL: must be an http(s) URL, got '" + jwksUrl + "'");
        }
        boolean allowAnonymous = bool("REALTIME_ALLOW_ANONYMOUS", false);
        String publicKey = optional("REALTIME_JWT_PUBLIC_KEY");
        if (secret == null && publicKey == null && jwksUrl == null && !allowAnonymous) {
            problems.add("no way to verify tokens: set REALTIME_JWT_SECRET (HS256, at least " + MIN_SECRET_BYTES
                    + " bytes), REALTIME_JWT_PUBLIC_KEY or REALTIME_JWKS_URL, or set REALTIME_ALLOW_ANONYMOUS=true "
                    + "(or run 'serve --dev' to try it out)");
        }
        ServerConfig config = new ServerConfig(
                host, port, httpPort, optional("REALTIME_NODE_ID"),
                TransportKind.fromWireName(oneOf("REALTIME_TRANSPORT", TransportKind.NETTY.wireName(),
                        TransportKind.NETTY.wireName(), TransportKind.JAVA_WEBSOCKET.wireName())),
                optional("DATABASE_URL"), optional("REALTIME_REDIS_URL"), redisPrefix(),
                origins(), integer("REALTIME_MAX_CONNECTIONS", 10_000, 1, Integer.MAX_VALUE),
                integer("REALTIME_RATE_LIMIT", 100, 1, Integer.MAX_VALUE),
                integer("REALTIME_MESSAGE_RATE_LIMIT", 50, 1, Integer.MAX_VALUE),
                integer("REALTIME_MAX_PAYLOAD", 1_048_576, 1024, 64 * 1_048_576),
                integer("REALTIME_MAX_PREAUTH_PAYLOAD", 16 * 1024, 1024, 64 * 1_048_576),
                integer("REALTIME_MAX_OUTBOUND_BYTES", 4 * 1_048_576, 16 * 1024, Integer.MAX_VALUE),
                integer("REALTIME_ACCEPT_BACKLOG", 1024, 1, 65_535),
                millis("REALTIME_PING_INTERVAL", 25_000), millis("REALTIME_PING_TIMEOUT", 60_000),
                bool("REALTIME_ENABLE_COMPRESSION", false),
                secret, publicKey, jwksUrl, optional("REALTIME_JWT_ISSUER"), optional("REALTIME_JWT_AUDIENCE"),
                optional("REALTIME_JWT_USER_CLAIM"), allowAnonymous,
                millis("REALTIME_TOKEN_EXPIRY_WARNING", 30_000), millis("REALTIME_REVOCATION_RETENTION", 86_400_000),
                bool("REALTIME_ENABLE_PRESENCE", true), bool("REALTIME_ENABLE_TYPING", true),
                millis("REALTIME_TYPING_TIMEOUT", 3_000), millis("REALTIME_PRESENCE_HEARTBEAT", 30_000),
                choice("REALTIME_PRESENCE_SCOPE", PresenceScope.class, PresenceScope.ROOMS),
                integer("REALTIME_ROOM_ANNOUNCE_LIMIT", 1_000, 0, Integer.MAX_VALUE), rooms(),
                bool("REALTIME_AUTO_CREATE_ROOMS", false),
                integer("REALTIME_BATCH_SIZE", 100, 1, 10_000), bool("REALTIME_LOG_EVENTS", true), eventTypes(),
                bool("REALTIME_EVENT_LOG_DURABLE", false),
                oneOf("LOG_LEVEL", "info", "trace", "debug", "info", "warn", "error"),
                oneOf("LOG_FORMAT", "text", "text", "json"),
                bool("REALTIME_ENABLE_METRICS", true), path("REALTIME_METRICS_PATH", "/metrics"),
                bool("REALTIME_ENABLE_HEALTH", true), path("REALTIME_HEALTH_PATH", "/health"),
                optional("REALTIME_ADMIN_TOKEN"),
                integer("REALTIME_HTTP_MAX_CONNECTIONS", OpsLimits.DEFAULT_MAX_CONNECTIONS, 1, 100_000),
                millis("REALTIME_HTTP_HEADER_TIMEOUT", (int) OpsLimits.DEFAULT_HEADER_TIMEOUT.toMillis()),
                millis("REALTIME_HTTP_IDLE_TIMEOUT", (int) OpsLimits.DEFAULT_IDLE_TIMEOUT.toMillis()),
                history());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private HistorySettings history() {
        HistorySettings.Backend backend = choice("REALTIME_HISTORY", HistorySettings.Backend.class,
                HistorySettings.Backend.MEMORY);
        if (backend == HistorySettings.Backend.POSTGRES && optional("DATABASE_URL") == null) {
            problems.add("REALTIME_HISTORY: postgres needs DATABASE_URL");
        }
        if (backend == HistorySettings.Backend.REDIS && optional("REALTIME_REDIS_URL") == null) {
            problems.add("REALTIME_HISTORY: redis needs REALTIME_REDIS_URL");
        }
        return new HistorySettings(backend, integer("REALTIME_HISTORY_SIZE", 1_000, 1, 100_000),
                millis("REALTIME_HISTORY_MAX_AGE", 3_600_000), millis("REALTIME_RECOVERY_WINDOW", 120_000),
                integer("REALTIME_RECOVERY_MAX_MESSAGES", 1_000, 1, HistoryOptions.MAX_RECOVERED_MESSAGES));
    }

    private String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String text(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    private int integer(String name, int fallback, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + ": expected an integer " + min + ".." + max + ", got '" + value + "'");
        return fallback;
    }

    private Duration millis(String name, int fallback) {
        String value = optional(name);
        if (value == null) {
            return Duration.ofMillis(fallback);
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return Duration.ofMillis(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + ": expected a positive number of milliseconds, got '" + value + "'");
        return Duration.ofMillis(fallback);
    }

    private boolean bool(String name, boolean fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                problems.add(name + ": expected true or false, got '" + value + "'");
                return fallback;
        }
    }

    private String oneOf(String name, String fallback, String... allowed) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(lower)) {
            return lower;
        }
        problems.add(name + ": expected one of " + String.join(", ", allowed) + ", got '" + value + "'");
        return fallback;
    }

    private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String[] names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
        String value = oneOf(name, fallback.name().toLowerCase(Locale.ROOT), names);
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    private String path(String name, String fallback) {
        String value = text(name, fallback);
        if (!value.startsWith("/") || value.contains(" ") || value.contains("?")) {
            problems.add(name + ": expected a path starting with /, got '" + value + "'");
            return fallback;
        }
        return value;
    }

    private String redisPrefix() {
        String value = text("REALTIME_REDIS_CHANNEL_PREFIX", "realtime");
        if (!value.matches("[A-Za-z0-9_\\-.:]{1,64}")) {
            problems.add("REALTIME_REDIS_CHANNEL_PREFIX: expected 1-64 letters, digits and _ - . :, got '" + value + "'");
            return "realtime";
        }
        return value;
    }

    private List<String> origins() {
        List<String> origins = list(text("REALTIME_CORS_ORIGIN", "*"));
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.startsWith("http://") && !origin.startsWith("https://")) {
                problems.add("REALTIME_CORS_ORIGIN: expected * or comma-separated http(s) origins, got '" + origin + "'");
            }
        }
        return origins.isEmpty() ? List.of("*") : origins;
    }

    private List<String> rooms() {
        List<String> rooms = list(text("REALTIME_ROOMS", ""));
        for (String room : rooms) {
            if (!RoomNames.isValid(room)) {
                problems.add("REALTIME_ROOMS: '" + room + "' is not a valid room name (1-" + RoomNames.MAX_LENGTH
                        + " letters, digits and _ - . : @ #)");
            }
        }
        return rooms;
    }

    private Set<EventType> eventTypes() {
        String value = text("REALTIME_LOG_EVENT_TYPES", "*");
        if (value.equals("*")) {
            return EnumSet.allOf(EventType.class);
        }
        EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
        for (String item : list(value)) {
            try {
                types.add(EventType.valueOf(item.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add("REALTIME_LOG_EVENT_TYPES: expected * or a comma-separated list of "
                        + Arrays.toString(EventType.values()).toLowerCase(Locale.ROOT) + ", got '" + item + "'");
            }
        }
        return types;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
