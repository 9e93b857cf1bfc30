/** Measurements of the server under test: CPU and RSS from /proc, other figures from shell commands. */
package dev.realtime.bench.probe;
