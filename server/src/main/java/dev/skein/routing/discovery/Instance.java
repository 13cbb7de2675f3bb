package dev.skein.routing.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a service: its URL, the calls and channels in flight to it, and whether it is set aside
 * after a failure. Thread-safe.
 */
public final class Instance {
    private final URI uri;
    private final String label;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long setAsideUntilNanos;
    private volatile boolean setAside;

    public Instance(URI uri) {
        this.uri = uri;
        this.label = host() + ":" + port();
    }

    public URI uri() {
        return uri;
    }

    /** {@code host:port}, for metrics and logs. */
    public String label() {
        return label;
    }

    public String host() {
        return uri.getHost();
    }

    /** The URL's port, or its scheme's. */
    public int port() {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return secure() ? 443 : 80;
    }

    /** Whether the URL is {@code https:} or {@code wss:}. */
    public boolean secure() {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return "https".equals(scheme) || "wss".equals(scheme);
    }

    /** The path and query to ask for, {@code /} when the URL has none. */
    public String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** Calls (HTTP) or channels (WebSocket) open to it now. */
    public int inFlight() {
        return inFlight.get();
    }

    public void begin() {
        inFlight.incrementAndGet();
    }

    public void end() {
        inFlight.decrementAndGet();
    }

    /** Leaves it out of the choice for {@code duration} from {@code nowNanos}. */
    public void setAside(Duration duration, long nowNanos) {
        setAsideUntilNanos = nowNanos + duration.toNanos();
        setAside = true;
    }

    /** Whether it may be chosen at {@code nowNanos}. */
    public boolean available(long nowNanos) {
        if (setAside && nowNanos - setAsideUntilNanos >= 0) {
            setAside = false;
        }
        return !setAside;
    }

    long setAsideUntilNanos() {
        return setAsideUntilNanos;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
