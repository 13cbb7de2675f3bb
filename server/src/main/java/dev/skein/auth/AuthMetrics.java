package dev.skein.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of authentication and room authorization: {@code skein_auth_accepted_total}, {@code
 * skein_auth_rejected_total{reason}}, {@code skein_auth_refreshes_total{outcome}} ({@code ok} or the reason),
 * {@code skein_auth_expired_total} and {@code skein_auth_rooms_refused_total}. A reason becomes a tag only
 * among the first {@value #MAX_REASONS} distinct ones (an application's authenticator may invent any); later
 * ones are counted as {@code "other"}. Thread-safe.
 */
public final class AuthMetrics {
    static final int MAX_REASONS = 32;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter expired;
    private final Counter roomsRefused;
    private final ConcurrentHashMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> refreshes = new ConcurrentHashMap<>();

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("skein.auth.accepted")
                .description("namespace connections an authenticator accepted")
                .register(registry);
        this.expired = Counter.builder("skein.auth.expired")
                .description("sockets disconnected when their token expired")
                .register(registry);
        this.roomsRefused = Counter.builder("skein.auth.rooms.refused")
                .description("room joins a room authorizer refused")
                .register(registry);
    }

    /** Shows {@code reasons} at zero from the start, so that dashboards see every one. */
    void expect(Collection<String> reasons) {
        reasons.forEach(reason -> counter(rejected, "skein.auth.rejected", "reason", reason));
        counter(refreshes, "skein.auth.refreshes", "outcome", "ok");
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(String reason) {
        counter(rejected, "skein.auth.rejected", "reason", reason).increment();
    }

    void refreshed(String outcome) {
        counter(refreshes, "skein.auth.refreshes", "outcome", outcome).increment();
    }

    void expired() {
        expired.increment();
    }

    /** A room authorizer refused a room. */
    public void roomRefused() {
        roomsRefused.increment();
    }

    private Counter counter(ConcurrentHashMap<String, Counter> counters, String name, String tag, String value) {
        Counter counter = counters.get(value);
        if (counter != null) {
            return counter;
        }
        String bounded = counters.size() < MAX_REASONS ? value : OTHER;
        return counters.computeIfAbsent(bounded, v -> Counter.builder(name)
                .description(description(name))
                .tag(tag, v)
                .register(registry));
    }

    private static String description(String name) {
        return name.endsWith("rejected")
                ? "namespace connections refused by authentication, by reason"
                : "token refreshes, by outcome";
    }
}
