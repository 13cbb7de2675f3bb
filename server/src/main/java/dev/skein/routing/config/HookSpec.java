package dev.skein.routing.config;

import java.time.Duration;
import java.util.Set;

/**
 * A lifecycle hook: an HTTP service called when a client connects to, or disconnects from, a namespace.
 *
 * @param service the HTTP service called
 * @param timeout how long the call may take (a connect hook that does not answer in time refuses the client)
 * @param namespaces the namespaces it applies to; empty for all
 */
public record HookSpec(String service, Duration timeout, Set<String> namespaces) {
    /** Whether the hook applies to {@code namespace}. */
    public boolean appliesTo(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
