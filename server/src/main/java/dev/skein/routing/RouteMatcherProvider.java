package dev.skein.routing;

import java.util.Map;

/**
 * Makes {@link RouteMatcher}s for the routes that name it ({@code matcher: <name>}), found with {@link
 * java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/dev.skein.routing.RouteMatcherProvider} of a jar on the class path. Called once per route
 * when the routes file is read, at start.
 */
public interface RouteMatcherProvider {
    /** The name routes give in {@code matcher:}. */
    String name();

    /**
     * A matcher for one route.
     *
     * @param options the route's {@code options:} as plain values (maps, lists, strings), empty when none
     * @throws IllegalArgumentException when the options are unusable: the message, reported with the route's
     *     line, stops the node
     */
    RouteMatcher create(Map<String, Object> options);
}
