package dev.skein.config;

import java.util.List;
import java.util.Objects;

/**
 * The abuse limits of a node (docs/security.md, "Abuse limits"), validated when built. Immutable. Every
 * count accepts {@code 0} for "no limit".
 *
 * <p>Per-IP limits count the client's address: the TCP peer's, or, when the peer is one of {@code
 * trustedProxies}, the address that proxy forwarded (PROXY protocol header, then {@code X-Forwarded-For}).
 * IPv6 clients are counted per /64.
 *
 * @param maxConnectionsPerIp Engine.IO sessions one client address may hold at once, default {@value
 *     #DEFAULT_MAX_CONNECTIONS_PER_IP}
 * @param handshakesPerSecondPerIp new sessions one client address may open per second on average, default
 *     {@value #DEFAULT_HANDSHAKES_PER_SECOND_PER_IP}
 * @param handshakeBurstPerIp how many handshakes one client address may open at once before the rate
 *     applies, default {@value #DEFAULT_HANDSHAKE_BURST_PER_IP}
 * @param eventsPerSecond events one connection may send per second on average (all its namespaces
 *     together), default {@value #DEFAULT_EVENTS_PER_SECOND}
 * @param eventBurst how many events one connection may send at once before the rate applies, default
 *     {@value #DEFAULT_EVENT_BURST}
 * @param eventFloodCloseSeconds a connection refused events again and again (never two seconds without a
 *     refusal) for this many seconds is disconnected, default {@value #DEFAULT_EVENT_FLOOD_CLOSE_SECONDS};
 *     {@code 0}: never
 * @param maxNamespacesPerConnection namespaces one connection may join at once, default {@value
 *     #DEFAULT_MAX_NAMESPACES_PER_CONNECTION}
 * @param maxRoomsPerSocket rooms one socket may be in at once, its own room not counted, default {@value
 *     #DEFAULT_MAX_ROOMS_PER_SOCKET}
 * @param trustedProxies the proxies whose forwarded client address is believed; default none
 * @param proxyProtocol whether every connection must come from a trusted proxy and start with a PROXY
 *     protocol header (v1 or v2); default false
 */
public record LimitsConfig(
        int maxConnectionsPerIp,
        int handshakesPerSecondPerIp,
        int handshakeBurstPerIp,
        int eventsPerSecond,
        int eventBurst,
        int eventFloodCloseSeconds,
        int maxNamespacesPerConnection,
        int maxRoomsPerSocket,
        List<Cidr> trustedProxies,
        boolean proxyProtocol) {

    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
    public static final int DEFAULT_HANDSHAKES_PER_SECOND_PER_IP = 50;
    public static final int DEFAULT_HANDSHAKE_BURST_PER_IP = 200;
    public static final int DEFAULT_EVENTS_PER_SECOND = 100;
    public static final int DEFAULT_EVENT_BURST = 200;
    public static final int DEFAULT_EVENT_FLOOD_CLOSE_SECONDS = 10;
    public static final int DEFAULT_MAX_NAMESPACES_PER_CONNECTION = 10;
    public static final int DEFAULT_MAX_ROOMS_PER_SOCKET = 200;

    static final int MAX_COUNT = 10_000_000;
    static final int MAX_FLOOD_SECONDS = 3_600;

    public LimitsConfig {
        checkCount("maxConnectionsPerIp", maxConnectionsPerIp);
        checkCount("handshakesPerSecondPerIp", handshakesPerSecondPerIp);
        checkBurst("handshakeBurstPerIp", handshakeBurstPerIp);
        checkCount("eventsPerSecond", eventsPerSecond);
        checkBurst("eventBurst", eventBurst);
        if (eventFloodCloseSeconds < 0 || eventFloodCloseSeconds > MAX_FLOOD_SECONDS) {
            throw ConfigException.invalid(
                    "eventFloodCloseSeconds", eventFloodCloseSeconds, "0.." + MAX_FLOOD_SECONDS + " (0: never)");
        }
        checkCount("maxNamespacesPerConnection", maxNamespacesPerConnection);
        checkCount("maxRoomsPerSocket", maxRoomsPerSocket);
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        if (proxyProtocol && trustedProxies.isEmpty()) {
            throw ConfigException.invalid(
                    "proxyProtocol",
                    true,
                    "false, or true with " + Setting.TRUSTED_PROXIES.envName + " naming the proxies that send it");
        }
    }

    /** The defaults: every limit on at its {@code DEFAULT_*} value, no trusted proxy. */
    public static LimitsConfig defaults() {
        return builder().build();
    }

    /** No limit at all (each count 0), no trusted proxy: for benchmarks and tests of something else. */
    public static LimitsConfig unlimited() {
        return builder()
                .maxConnectionsPerIp(0)
                .handshakesPerSecondPerIp(0)
                .eventsPerSecond(0)
                .maxNamespacesPerConnection(0)
                .maxRoomsPerSocket(0)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void checkCount(String name, int value) {
        if (value < 0 || value > MAX_COUNT) {
            throw ConfigException.invalid(name, value, "0.." + MAX_COUNT + " (0: no limit)");
        }
    }

    private static void checkBurst(String name, int value) {
        if (value < 1 || value > MAX_COUNT) {
            throw ConfigException.invalid(name, value, "1.." + MAX_COUNT);
        }
    }

    /** Builds a {@link LimitsConfig}; not thread-safe. */
    public static final class Builder {
        private int maxConnectionsPerIp = DEFAULT_MAX_CONNECTIONS_PER_IP;
        private int handshakesPerSecondPerIp = DEFAULT_HANDSHAKES_PER_SECOND_PER_IP;
        private int handshakeBurstPerIp = DEFAULT_HANDSHAKE_BURST_PER_IP;
        private int eventsPerSecond = DEFAULT_EVENTS_PER_SECOND;
        private int eventBurst = DEFAULT_EVENT_BURST;
        private int eventFloodCloseSeconds = DEFAULT_EVENT_FLOOD_CLOSE_SECONDS;
        private int maxNamespacesPerConnection = DEFAULT_MAX_NAMESPACES_PER_CONNECTION;
        private int maxRoomsPerSocket = DEFAULT_MAX_ROOMS_PER_SOCKET;
        private List<Cidr> trustedProxies = List.of();
        private boolean proxyProtocol;

        private Builder() {}

        private Builder(LimitsConfig c) {
            maxConnectionsPerIp = c.maxConnectionsPerIp;
            handshakesPerSecondPerIp = c.handshakesPerSecondPerIp;
            handshakeBurstPerIp = c.handshakeBurstPerIp;
            eventsPerSecond = c.eventsPerSecond;
            eventBurst = c.eventBurst;
            eventFloodCloseSeconds = c.eventFloodCloseSeconds;
            maxNamespacesPerConnection = c.maxNamespacesPerConnection;
            maxRoomsPerSocket = c.maxRoomsPerSocket;
            trustedProxies = c.trustedProxies;
            proxyProtocol = c.proxyProtocol;
        }

        public Builder maxConnectionsPerIp(int maxConnectionsPerIp) {
            this.maxConnectionsPerIp = maxConnectionsPerIp;
            return this;
        }

        public Builder handshakesPerSecondPerIp(int handshakesPerSecondPerIp) {
            this.handshakesPerSecondPerIp = handshakesPerSecondPerIp;
            return this;
        }

        public Builder handshakeBurstPerIp(int handshakeBurstPerIp) {
            this.handshakeBurstPerIp = handshakeBurstPerIp;
            return this;
        }

        public Builder eventsPerSecond(int eventsPerSecond) {
            this.eventsPerSecond = eventsPerSecond;
            return this;
        }

        public Builder eventBurst(int eventBurst) {
            this.eventBurst = eventBurst;
            return this;
        }

        public Builder eventFloodCloseSeconds(int eventFloodCloseSeconds) {
            this.eventFloodCloseSeconds = eventFloodCloseSeconds;
            return this;
        }

        public Builder maxNamespacesPerConnection(int maxNamespacesPerConnection) {
            this.maxNamespacesPerConnection = maxNamespacesPerConnection;
            return this;
        }

        public Builder maxRoomsPerSocket(int maxRoomsPerSocket) {
            this.maxRoomsPerSocket = maxRoomsPerSocket;
            return this;
        }

        public Builder trustedProxies(List<Cidr> trustedProxies) {
            this.trustedProxies = trustedProxies;
            return this;
        }

        public Builder proxyProtocol(boolean proxyProtocol) {
            this.proxyProtocol = proxyProtocol;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming the first field that is out of range
         */
        public LimitsConfig build() {
            return new LimitsConfig(
                    maxConnectionsPerIp,
                    handshakesPerSecondPerIp,
                    handshakeBurstPerIp,
                    eventsPerSecond,
                    eventBurst,
                    eventFloodCloseSeconds,
                    maxNamespacesPerConnection,
                    maxRoomsPerSocket,
                    trustedProxies,
                    proxyProtocol);
        }
    }
}
