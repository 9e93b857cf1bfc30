/** Names and payload shapes of the wire protocol, shared by codecs, clients and the engine. */
package dev.realtime.core.protocol;
