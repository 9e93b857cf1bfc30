/**
 * JMH micro-benchmarks of the encode and fan-out paths, on a socket-less transport. Run with
 * {@code java -cp realtime-bench/target/realtime-bench.jar org.openjdk.jmh.Main}.
 */
package dev.realtime.bench.jmh;
