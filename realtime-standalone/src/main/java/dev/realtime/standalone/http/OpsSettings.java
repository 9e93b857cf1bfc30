package dev.realtime.standalone.http;

import java.util.List;
import java.util.Objects;

/**
 * What the operations HTTP server serves, where, and within which bounds.
 *
 * @param host          address to bind
 * @param port          port to bind; 0 picks a free one
 * @param corsOrigins   origins answered with CORS headers; {@code *} allows all
 * @param healthEnabled whether {@code healthPath} is served
 * @param healthPath    path of the health check
 * @param metricsEnabled whether {@code metricsPath} is served
 * @param metricsPath   path of the metrics
 * @param limits        connection cap, timeouts and size limits
 */
public record OpsSettings(String host, int port, List<String> corsOrigins, boolean healthEnabled, String healthPath,
                          boolean metricsEnabled, String metricsPath, OpsLimits limits) {
    public OpsSettings {
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(limits, "limits");
    }

    /** With the {@link OpsLimits#defaults() default limits}. */
    public OpsSettings(String host, int port, List<String> corsOrigins, boolean healthEnabled, String healthPath,
                       boolean metricsEnabled, String metricsPath) {
        this(host, port, corsOrigins, healthEnabled, healthPath, metricsEnabled, metricsPath, OpsLimits.defaults());
    }
}
