/** The realtime benchmark: an NIO load generator speaking Socket.IO v5 and the /ws JSON protocol. */
package dev.realtime.bench;
