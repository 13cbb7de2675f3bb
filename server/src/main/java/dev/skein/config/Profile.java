package dev.skein.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Which application a standalone Skein node runs, and the defaults it brings. */
public enum Profile {
    /** The demo app behind the web page at {@code /}. */
    DEMO,
    /**
     * The reference test server of the Socket.IO v5 and Engine.IO v4 protocol test suites: short
     * heartbeat, one-second connect timeout, any origin, and the Engine.IO suite's echo endpoint at {@code
     * /engine.io/}. Never for production.
     */
    CONFORMANCE {
        @Override
        void applyDefaults(SkeinConfig.Builder builder) {
            builder.port(SkeinConfig.DEFAULT_PORT)
                    .pingInterval(Duration.ofMillis(300))
                    .pingTimeout(Duration.ofMillis(200))
                    .maxPayloadBytes(1_000_000)
                    .connectTimeout(Duration.ofMillis(1_000))
                    .corsOrigins(List.of("*"))
                    .engineEcho(true);
        }
    };

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sets this profile's defaults; settings given explicitly are applied afterwards and win. */
    void applyDefaults(SkeinConfig.Builder builder) {}
}
