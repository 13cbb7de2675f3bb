package dev.skein.routing.config;

import dev.skein.routing.RouteMatcher;
import java.time.Duration;

/**
 * One route of the routes file, in the order given (the first that takes an event wins).
 *
 * @param name its name in metrics and logs
 * @param namespace the namespace it applies to, {@code null} for every namespace
 * @param matcher decides whether it takes an event and for which service
 * @param linkis whether it is the Linkis form ({@code method:}): a WebSocket service then gets {@code {"method",
 *     "data", "socket"}} frames
 * @param service the service it names, {@code null} when its matcher names one per event
 * @param timeout how long an HTTP call of this route may take before the client gets {@code {"error":"timeout"}}
 * @param maxInFlight HTTP calls of this route in flight at once; past it {@code {"error":"busy"}}
 * @param line its line in the file
 */
public record RouteSpec(
        String name,
        String namespace,
        RouteMatcher matcher,
        boolean linkis,
        String service,
        Duration timeout,
        int maxInFlight,
        int line) {}
