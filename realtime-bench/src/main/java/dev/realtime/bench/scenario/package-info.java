/** Benchmark scenarios (a) idle, (b) fan-out, (c)/(e) fixed rate, (d) cross-node; each writes JSON records. */
package dev.realtime.bench.scenario;
