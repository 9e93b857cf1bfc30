/** In-memory store and bus: the embedded defaults when no PostgreSQL or Redis is configured. */
package dev.realtime.core.memory;
