/**
 * Hand-made wire traffic for transport tests: raw WebSocket frames and upgrade requests a real client would
 * never send ({@link dev.realtime.testkit.wire.RawWs}, {@link dev.realtime.testkit.wire.RawClient}) and HS256
 * test tokens ({@link dev.realtime.testkit.wire.TestTokens}), shared by every transport module's tests.
 */
package dev.realtime.testkit.wire;
