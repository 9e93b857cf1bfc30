/** Minimal WebSocket client codec for the load generator: masked frames out, unmasked frames in. */
package dev.realtime.bench.ws;
