package dev.realtime.standalone.http;

import java.util.List;

/**
 * What the operations HTTP server serves and where.
 *
 * @param host          address to bind
 * @param port          port to bind; 0 picks a free one
 * @param corsOrigins   origins answered with CORS headers; {@code *} allows all
 * @param healthEnabled whether {@code healthPath} is served
 * @param healthPath    path of the health check
 * @param metricsEnabled whether {@code metricsPath} is served
 * @param metricsPath   path of the metrics
 */
public record OpsSettings(String host, int port, List<String> corsOrigins, boolean healthEnabled, String healthPath,
                          boolean metricsEnabled, String metricsPath) {
    public OpsSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
