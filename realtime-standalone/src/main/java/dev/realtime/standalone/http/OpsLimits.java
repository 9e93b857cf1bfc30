package dev.realtime.standalone.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may take of the operations port. Past a limit the server answers or closes; it never waits.
 *
 * @param maxConnections connections open at once; more are closed as soon as they are accepted
 * @param headerTimeout  time a client has to send a complete request head (from the connection opening or the
 *                       request's first byte), then again for the body, and the server to hand over an answer
 * @param idleTimeout    time a keep-alive connection may wait between requests
 * @param maxBodyBytes   largest request body; a larger one gets 413
 */
public record OpsLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout, int maxBodyBytes) {
    /** Longest request line ({@code GET /path HTTP/1.1}); a longer one gets 400. */
    public static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
    /** Largest sum of all header lines; more gets 431. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The admin API's body cap: a message of the maximum length with metadata fits easily. */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public OpsLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        requirePositive(Objects.requireNonNull(headerTimeout, "headerTimeout"), "headerTimeout");
        requirePositive(Objects.requireNonNull(idleTimeout, "idleTimeout"), "idleTimeout");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
        }
    }

    /** 256 connections, 10 s for a head, 60 s idle, 256 KiB bodies. */
    public static OpsLimits defaults() {
        return new OpsLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
