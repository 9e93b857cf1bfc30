/** The NIO load generator: a few selector threads, open-loop publishers, latency recording. */
package dev.realtime.bench.load;
