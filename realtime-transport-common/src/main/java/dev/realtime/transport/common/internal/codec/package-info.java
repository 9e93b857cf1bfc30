/**
 * The two wire protocols behind one interface: Socket.IO v5 over Engine.IO v4, and the plain JSON protocol.
 * Codecs turn text frames into {@link dev.realtime.transport.common.internal.codec.ClientFrame}s and events into bytes;
 * they hold no connection state.
 */
package dev.realtime.transport.common.internal.codec;
