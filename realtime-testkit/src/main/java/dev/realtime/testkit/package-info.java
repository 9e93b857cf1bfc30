/**
 * Test support for users and implementers: an in-process transport and client, a manual clock, and contract
 * suites every store and bus implementation must pass.
 */
package dev.realtime.testkit;
