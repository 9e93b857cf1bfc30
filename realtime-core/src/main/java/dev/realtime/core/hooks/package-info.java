/** Hooks through which the host application authorizes joins and sends and observes events. */
package dev.realtime.core.hooks;
