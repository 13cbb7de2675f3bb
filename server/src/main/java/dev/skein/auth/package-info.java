/**
 * Authentication and authorization without application code: an {@link dev.skein.auth.Authenticator} (the
 * seam; {@link dev.skein.auth.JwtAuthenticator} for JSON Web Tokens, configured by {@code SKEIN_AUTH_*})
 * decides every namespace's CONNECT before the application's middleware and handlers, through {@link
 * dev.skein.auth.AuthGuard}; the accepted {@link dev.skein.auth.Claims} reach handlers in {@code
 * socket.data()}; a socket is disconnected when its token expires unless the client refreshes it; a {@link
 * dev.skein.auth.RoomAuthorizer} decides which rooms a client may ask to join. Depends on {@code socket} (its
 * public API and {@link dev.skein.socket.ConnectGuard}), {@code config}, {@code metrics} (the registry) and
 * the nimbus-jose-jwt library; nothing in Skein but {@code server} and {@code demo} depends on it.
 */
package dev.skein.auth;
