/**
 * What every network transport shares, independent of the HTTP or WebSocket library it is built on:
 * {@link dev.realtime.transport.common.internal.HandshakeFacts} (credentials from the opening request) and
 * {@link dev.realtime.transport.common.internal.Heartbeat} (ping bookkeeping of one connection). The wire codecs are in
 * {@code codec}, the per-connection protocol state machines in {@code connection}.
 */
package dev.realtime.transport.common.internal;
