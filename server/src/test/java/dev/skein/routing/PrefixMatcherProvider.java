package dev.skein.routing;

import java.util.Map;

/**
 * A custom matcher for the tests, found by {@link java.util.ServiceLoader} ({@code
 * src/test/resources/META-INF/services}): {@code matcher: prefix} takes the events whose name starts with {@code
 * options.prefix}, for the service {@code options.service} (or the route's).
 */
public final class PrefixMatcherProvider implements RouteMatcherProvider {
    @Override
    public String name() {
        return "prefix";
    }

    @Override
    public RouteMatcher create(Map<String, Object> options) {
        if (!(options.get("prefix") instanceof String prefix) || prefix.isEmpty()) {
            throw new IllegalArgumentException("options.prefix : " + options.get("prefix") + " (expected: a string)");
        }
        Object service = options.getOrDefault("service", RouteMatcher.ROUTE_SERVICE);
        return (namespace, event, args) -> event.startsWith(prefix) ? service.toString() : null;
    }
}
