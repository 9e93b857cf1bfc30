package dev.realtime.standalone;

import dev.realtime.core.auth.JwtIssuer;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code serve --dev}: a throw-away secret, anonymous access, a {@code general} room, and a ready-to-use token,
 * with loud warnings that none of this is for production.
 */
final class DevMode {
    static final String DEV_USER = "dev-user";
    private static final Duration TOKEN_TTL = Duration.ofHours(12);

    private final String secret;

    DevMode() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        secret = HexFormat.of().formatHex(bytes);
    }

    /** The environment with the development settings laid over it. */
    Map<String, String> overlay(Map<String, String> env) {
        Map<String, String> dev = new HashMap<>(env);
        dev.put("REALTIME_JWT_SECRET", secret);
        dev.remove("REALTIME_JWT_PUBLIC_KEY");
        dev.remove("REALTIME_JWKS_URL");
        dev.put("REALTIME_ALLOW_ANONYMOUS", "true");
        Set<String> rooms = new LinkedHashSet<>(List.of("general"));
        for (String room : env.getOrDefault("REALTIME_ROOMS", "").split(",")) {
            if (!room.isBlank()) {
                rooms.add(room.strip());
            }
        }
        dev.put("REALTIME_ROOMS", String.join(",", rooms));
        return dev;
    }

    /** Prints the warnings and a token for {@link #DEV_USER}. */
    void announce(PrintStream out, int wsPort, int httpPort, boolean servesPolling) {
        String token = new JwtIssuer(secret).issue(DEV_USER, TOKEN_TTL);
        String bar = "!".repeat(78);
        out.println(bar);
        out.println("!! DEVELOPMENT MODE: random JWT secret, anonymous access ON. NOT FOR PRODUCTION.");
        out.println("!! Tokens stop working when this process stops.");
        out.println(bar);
        out.println("Token for user '" + DEV_USER + "' (valid " + TOKEN_TTL.toHours() + " h):");
        out.println(token);
        out.println();
        // the Java-WebSocket transport has no long-polling: a default io(url) would fail there
        out.println("Socket.IO:  io(\"http://localhost:" + wsPort + "\", { " + (servesPolling ? ""
                : "transports: [\"websocket\"], ") + "auth: { token } })");
        out.println("Plain JSON: ws://localhost:" + wsPort + "/ws, first frame {\"event\":\"auth\",\"data\":{\"token\":\"...\"}}");
        out.println("Health:     http://localhost:" + httpPort + "/health");
        out.println(bar);
        out.flush();
    }
}
