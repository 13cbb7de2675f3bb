package dev.skein.engine;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may use the Engine.IO endpoint: the page's own origin (same host as the
 * request) and the configured list. {@code "*"} in the list allows every origin. Immutable.
 */
final class OriginPolicy {
    private final Set<String> allowed;
    private final boolean any;

    OriginPolicy(List<String> origins) {
        this.any = origins.contains("*");
        this.allowed =
                Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Whether a request from {@code origin} to {@code host} is allowed. Requests without an
     * {@code Origin} header (non-browser clients) are.
     */
    boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalized = origin.toLowerCase(Locale.ROOT);
        return allowed.contains(normalized) || isSameOrigin(normalized, host);
    }

    private static boolean isSameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return origin.equals("http://" + h) || origin.equals("https://" + h);
    }
}
