/**
 * Message history: where a room's recent messages are kept with their room offsets, so that a client can page
 * back through a room and a reconnecting client can be sent exactly what it missed.
 */
package dev.realtime.core.spi.history;
