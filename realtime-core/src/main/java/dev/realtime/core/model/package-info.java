/** Immutable value types of the domain: rooms, memberships, presence, typing, connections, the event log. */
package dev.realtime.core.model;
