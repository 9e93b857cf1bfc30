package dev.realtime.transport.common.internal.connection;

import java.time.Duration;

/**
 * The settings the protocol state machines need, taken from a transport's own options.
 *
 * @param pingInterval           time between heartbeat pings
 * @param pingTimeout            time to answer one
 * @param authTimeout            time an opened connection has to authenticate
 * @param maxPayloadBytes        largest client message
 * @param maxPreAuthPayloadBytes largest client message before authentication
 * @param maxAuthAttempts        failed Socket.IO CONNECTs allowed on one connection
 * @param maxOutboundBytes       unsent output after which a connection is dropped as a slow reader
 */
public record ProtocolSettings(Duration pingInterval, Duration pingTimeout, Duration authTimeout, int maxPayloadBytes,
                               int maxPreAuthPayloadBytes, int maxAuthAttempts, long maxOutboundBytes) {
}
