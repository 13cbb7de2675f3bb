package dev.skein.routing;

import dev.skein.routing.config.RouteSpec;
import dev.skein.socket.Args;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A route at run time: its specification and the calls it has in flight. Thread-safe. */
final class Route {
    private static final Logger log = LoggerFactory.getLogger(Route.class);

    private final RouteSpec spec;
    private final AtomicInteger inFlight = new AtomicInteger();

    Route(RouteSpec spec) {
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    boolean linkis() {
        return spec.linkis();
    }

    Duration timeout() {
        return spec.timeout();
    }

    RouteSpec spec() {
        return spec;
    }

    /**
     * The service that takes the event, or {@code null} when this route does not take it (another namespace,
     * no match, or a matcher that failed).
     */
    String serviceFor(String namespace, String event, Args args) {
        if (spec.namespace() != null && !spec.namespace().equals(namespace)) {
            return null;
        }
        String named;
        try {
            named = spec.matcher().match(namespace, event, args);
        } catch (RuntimeException e) {
            log.warn("Matcher of route {} failed on event '{}': {}", spec.name(), event, e.toString());
            return null;
        }
        if (named == null) {
            return null;
        }
        return spec.service() != null ? spec.service() : named;
    }

    /** Takes a place among the calls in flight; false when all are taken. */
    boolean tryBegin() {
        if (inFlight.incrementAndGet() > spec.maxInFlight()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void end() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }
}
