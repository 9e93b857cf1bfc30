/**
 * What every network transport shares, independent of the HTTP or WebSocket library it is built on:
 * {@link dev.realtime.transport.common.HandshakeFacts} (credentials from the opening request) and
 * {@link dev.realtime.transport.common.Heartbeat} (ping bookkeeping of one connection). The wire codecs are in
 * {@link dev.realtime.transport.common.codec}.
 */
package dev.realtime.transport.common;
