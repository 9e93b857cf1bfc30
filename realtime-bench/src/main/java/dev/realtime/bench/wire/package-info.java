/** The two client protocols the generator speaks: Socket.IO v5 / Engine.IO v4 and the plain JSON {@code /ws}. */
package dev.realtime.bench.wire;
