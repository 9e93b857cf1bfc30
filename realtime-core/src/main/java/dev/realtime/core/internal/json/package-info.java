/** JSON configuration shared by the engine, codecs and the cluster bus. */
package dev.realtime.core.internal.json;
