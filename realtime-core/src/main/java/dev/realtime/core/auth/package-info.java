/**
 * Token authentication: {@link dev.realtime.core.auth.JwtAuthenticator} verifies JSON Web Tokens against an
 * HMAC secret, a PEM public key or a JWKS URL; {@link dev.realtime.core.auth.Authenticators} adds anonymous
 * access on top of any authenticator; {@link dev.realtime.core.auth.JwtIssuer} mints HS256 tokens for
 * development and tests.
 */
package dev.realtime.core.auth;
