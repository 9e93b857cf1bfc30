/**
 * Real Node.js clients for the integration tests: {@link dev.realtime.testkit.node.SocketIoDriver} runs unmodified
 * {@code socket.io-client} sockets in a Node process and reports, line by line, everything they see.
 */
package dev.realtime.testkit.node;
