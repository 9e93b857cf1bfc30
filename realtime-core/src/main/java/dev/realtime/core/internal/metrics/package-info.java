/** Micrometer meters of the engine. */
package dev.realtime.core.internal.metrics;
