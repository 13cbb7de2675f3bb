/**
 * Backend routing (docs/routing.md): the events no handler takes go, by the rules of a routes file ({@code
 * SKEIN_ROUTES_FILE}), to backend services over HTTP (one POST per event, the answer as the acknowledgement and
 * actions) or WebSocket (one channel per client and service, frames both ways), with lifecycle hooks, instance
 * discovery and metrics. {@link dev.skein.routing.Routing} owns it all; {@link dev.skein.routing.RouteMatcher}
 * and {@link dev.skein.routing.RouteMatcherProvider} are the SPI of custom matchers. Depends on {@code socket}
 * (its public API, {@link dev.skein.socket.UnhandledEventHandler} and {@link dev.skein.socket.ConnectGuard}),
 * {@code config}, Netty and Micrometer; only {@code server} depends on it.
 */
package dev.skein.routing;
