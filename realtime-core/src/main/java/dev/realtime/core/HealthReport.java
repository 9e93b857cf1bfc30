package dev.realtime.core;

import java.util.List;

/**
 * A node's health for {@code /health}: {@code ok} when the store and the bus work, {@code degraded} when either
 * does not (users keep chatting locally; writes and cross-node delivery wait or drop).
 *
 * @param status        {@code ok} or {@code degraded}
 * @param nodeId        this node
 * @param uptimeSeconds seconds since start
 * @param connections   open connections on this node
 * @param rooms         rooms known
 * @param store         the store's state
 * @param bus           the bus's state
 */
public record HealthReport(String status, String nodeId, long uptimeSeconds, int connections, int rooms,
                           StoreHealth store, BusHealth bus) {
    /**
     * @param name          store kind
     * @param available     the backing service answers
     * @param writerHealthy the last background write succeeded
     * @param pendingWrites writes waiting in the bounded queue
     * @param droppedWrites writes dropped because the queue was full
     */
    public record StoreHealth(String name, boolean available, boolean writerHealthy, int pendingWrites,
                              long droppedWrites) {
        public boolean ok() {
            return available && writerHealthy;
        }
    }

    /**
     * @param name      bus kind
     * @param connected the link to other nodes works
     * @param peers     other nodes currently alive
     */
    public record BusHealth(String name, boolean connected, List<String> peers) {
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
