/**
 * Reconnect state that must outlive one connection and, in a cluster, be visible to every node: the parked
 * Socket.IO recovery sessions and the client message ids recently accepted.
 */
package dev.realtime.core.spi.recovery;
