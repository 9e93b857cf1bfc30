/**
 * Service-provider interfaces: what the engine needs from its surroundings. Each is small, documents its
 * guarantees, and has an in-memory implementation in the core plus a contract suite in the testkit.
 */
package dev.realtime.core.spi;
