package dev.skein.routing.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A routes file, read and checked ({@link RoutesFile}). Immutable.
 *
 * @param file where it was read
 * @param services the services by name, in the file's order
 * @param routes the routes, in the file's order
 * @param connect the connect hook, {@code null} for none
 * @param disconnect the disconnect hook, {@code null} for none
 */
public record RoutesSpec(
        Path file, Map<String, ServiceSpec> services, List<RouteSpec> routes, HookSpec connect, HookSpec disconnect) {
    public RoutesSpec {
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        routes = List.copyOf(routes);
    }
}
