/**
 * The per-connection protocol state machines both network transports run: {@link
 * dev.realtime.transport.common.internal.connection.ProtocolConnection} (register, handshake answer, activate; auth
 * deadline, heartbeat, slow-reader bound, containment of handler failures) with {@link
 * dev.realtime.transport.common.internal.connection.SocketIoConnection} and {@link
 * dev.realtime.transport.common.internal.connection.JsonConnection}. A transport supplies the I/O side as a {@link
 * dev.realtime.transport.common.internal.connection.ConnectionIo}.
 */
package dev.realtime.transport.common.internal.connection;
