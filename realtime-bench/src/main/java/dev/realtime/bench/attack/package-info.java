/** Attacks without credentials against a running server, measuring whether it stays healthy and bounded. */
package dev.realtime.bench.attack;
