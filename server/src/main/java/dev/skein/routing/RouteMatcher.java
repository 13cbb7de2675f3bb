package dev.skein.routing;

import dev.skein.socket.Args;

/**
 * Decides whether a route takes an event, and for which service: the seam for matchers that the routes file's
 * patterns cannot express. Plugged in by a {@link RouteMatcherProvider} and named by a route's {@code matcher:}
 * key. Called on the client's event loop for every event no handler takes, in the order of the routes: it must
 * be fast, must not block, and must be thread-safe.
 */
@FunctionalInterface
public interface RouteMatcher {
    /** What {@link #match} returns to take the event for the service the route names. */
    String ROUTE_SERVICE = "";

    /**
     * @param namespace the socket's namespace, such as {@code "/"}
     * @param event the event's name
     * @param args its arguments as plain Java values (no acknowledgement callback among them)
     * @return {@code null} when this route does not take the event; else the name of the service that takes it,
     *     or {@link #ROUTE_SERVICE} for the route's {@code service:} (which wins over any name returned)
     */
    String match(String namespace, String event, Args args);
}
