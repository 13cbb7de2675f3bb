package dev.skein.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a Skein node needs to start, validated when built. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}; every field has a safe default ({@code DEFAULT_*}).
 *
 * @param host the address to bind, default {@value #DEFAULT_HOST}
 * @param port the Socket.IO port, {@code 0} for any free port, default {@value #DEFAULT_PORT}
 * @param managementPort the health and metrics port, {@code 0} for any free port, default
 *     {@value #DEFAULT_MANAGEMENT_PORT}
 * @param nodeId this node's id in logs, greetings and the cluster; default random
 * @param profile the application a standalone node runs
 * @param redisUrl the Redis of the cluster, {@code null} for a standalone node
 * @param corsOrigins the browser origins allowed besides the page's own; empty allows same-origin only
 * @param pingInterval how often the server pings each client
 * @param pingTimeout how long the server waits for the pong
 * @param maxPayloadBytes the largest HTTP body or websocket message accepted
 * @param transports the transports clients may use, at least one
 * @param shutdownGrace how long a draining node may take to close its clients before it exits
 * @param drainDelay how long a draining node keeps serving, and accepting, clients with its readiness failing,
 *     so that load balancers notice and send new clients elsewhere, before it closes transports; the
 *     delay counts against {@code shutdownGrace}
 * @param maxQueuedPacketsPerClient outbound packets buffered per client before a slow client is cut off
 * @param connectTimeout how long a new connection may take to join a namespace before it is closed
 * @param allowEio3 whether Engine.IO v3 clients ({@code socket.io-client} 2.x) are accepted
 * @param websocketCompression whether websockets may negotiate permessage-deflate (frames of 1 KiB and
 *     more, unless sent with {@code compress(false)})
 * @param redisConfigFile a Redisson YAML configuration (for Sentinel, Cluster, TLS, pools), used instead of
 *     {@code redisUrl}'s address when set; {@code null} when none
 * @param clusterChannelPrefix the Redis channel prefix, the official adapter's {@code key}, default
 *     {@value #DEFAULT_CLUSTER_CHANNEL_PREFIX}; every node of a cluster must use the same
 * @param clusterRequestTimeout how long a request to the other nodes (fetch sockets, all rooms) waits
 * @param pushChannel the Redis channel of JSON pushes (default {@value #DEFAULT_PUSH_CHANNEL}), {@code null}
 *     to take none; read only by a node in a cluster
 * @param nettyTransport the network I/O of the client port, default {@link NettyTransport#AUTO}
 * @param tlsCertFile the PEM certificate chain (server certificate first) of the client port's TLS, {@code
 *     null} for plain HTTP; set with {@code tlsKeyFile} or not at all. Read once, at start
 * @param tlsKeyFile the PEM private key of {@code tlsCertFile}'s certificate, {@code null} for plain HTTP
 * @param engineEcho whether the engine also serves a raw Engine.IO endpoint at {@code /engine.io/} that
 *     echoes every message, the reference server of the official Engine.IO v4 test suite; set by the
 *     conformance profile, default false
 * @param auth how clients are authenticated at each namespace's CONNECT, default {@link AuthConfig#none()}
 * @param limits the abuse limits: per client address, per connection, per socket, and the trusted proxies
 *     ({@link LimitsConfig#defaults()})
 * @param inputLimits bounds on what clients send besides the payload size: JSON depth, attachments per
 *     packet, the HTTP request timeout; default {@link InputLimits#DEFAULT}
 * @param routes backend routing: the routes file, default {@link RoutesConfig#NONE} (docs/routing.md)
 * @param recovery connection state recovery, default {@link RecoveryConfig#off()} (docs/recovery.md)
 */
public record SkeinConfig(
        String host,
        int port,
        int managementPort,
        String nodeId,
        Profile profile,
        URI redisUrl,
        List<String> corsOrigins,
        Duration pingInterval,
        Duration pingTimeout,
        int maxPayloadBytes,
        Set<Transport> transports,
        Duration shutdownGrace,
        Duration drainDelay,
        int maxQueuedPacketsPerClient,
        Duration connectTimeout,
        boolean allowEio3,
        boolean websocketCompression,
        Path redisConfigFile,
        String clusterChannelPrefix,
        Duration clusterRequestTimeout,
        String pushChannel,
        NettyTransport nettyTransport,
        Path tlsCertFile,
        Path tlsKeyFile,
        boolean engineEcho,
        AuthConfig auth,
        LimitsConfig limits,
        InputLimits inputLimits,
        RoutesConfig routes,
        RecoveryConfig recovery) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 3000;
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(25_000);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofMillis(20_000);
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1_000_000;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofMillis(10_000);
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofMillis(3_000);
    public static final int DEFAULT_MAX_QUEUED_PACKETS_PER_CLIENT = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(45_000);
    public static final String DEFAULT_CLUSTER_CHANNEL_PREFIX = "socket.io";
    public static final Duration DEFAULT_CLUSTER_REQUEST_TIMEOUT = Duration.ofMillis(5_000);
    public static final String DEFAULT_PUSH_CHANNEL = "skein:push";

    static final int MAX_PAYLOAD_LIMIT = 100 * 1024 * 1024;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CHANNEL_PREFIX = Pattern.compile("[^#\\s]{1,100}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\*");

    public SkeinConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw ConfigException.invalid("host", "''", "a host name or address");
        }
        checkPort("port", port);
        checkPort("managementPort", managementPort);
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw ConfigException.invalid("nodeId", nodeId, "1-64 characters of A-Z a-z 0-9 _ . -");
        }
        Objects.requireNonNull(profile, "profile");
        checkRedisUrl(redisUrl);
        corsOrigins = List.copyOf(corsOrigins);
        for (String origin : corsOrigins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw ConfigException.invalid("corsOrigins", origin, "origins like https://app.example.com:8443, or *");
            }
        }
        checkPositive("pingInterval", pingInterval);
        checkPositive("pingTimeout", pingTimeout);
        if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
            throw ConfigException.invalid("maxPayloadBytes", maxPayloadBytes, "1.." + MAX_PAYLOAD_LIMIT);
        }
        if (transports == null || transports.isEmpty()) {
            throw ConfigException.invalid("transports", transports, "at least one of polling, websocket");
        }
        transports = Set.copyOf(EnumSet.copyOf(transports));
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw ConfigException.invalid("shutdownGrace", shutdownGrace.toMillis() + " ms", ">= 0 ms");
        }
        Objects.requireNonNull(drainDelay, "drainDelay");
        if (drainDelay.isNegative()) {
            throw ConfigException.invalid("drainDelay", drainDelay.toMillis() + " ms", ">= 0 ms");
        }
        if (maxQueuedPacketsPerClient < 1) {
            throw ConfigException.invalid("maxQueuedPacketsPerClient", maxQueuedPacketsPerClient, ">= 1");
        }
        checkPositive("connectTimeout", connectTimeout);
        if (redisConfigFile != null && !Files.isReadable(redisConfigFile)) {
            throw ConfigException.invalid("redisConfigFile", redisConfigFile, "a readable Redisson YAML file");
        }
        if (clusterChannelPrefix == null
                || !CHANNEL_PREFIX.matcher(clusterChannelPrefix).matches()) {
            throw ConfigException.invalid(
                    "clusterChannelPrefix", clusterChannelPrefix, "1-100 characters, no # and no spaces");
        }
        checkPositive("clusterRequestTimeout", clusterRequestTimeout);
        if (pushChannel != null && !CHANNEL_PREFIX.matcher(pushChannel).matches()) {
            throw ConfigException.invalid("pushChannel", pushChannel, "1-100 characters, no # and no spaces, or off");
        }
        Objects.requireNonNull(nettyTransport, "nettyTransport");
        checkTlsFiles(tlsCertFile, tlsKeyFile);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(inputLimits, "inputLimits");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(recovery, "recovery");
    }

    /** A builder with every default set and a fresh random node id. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The cluster's Redis URL, or empty for a standalone node. */
    public Optional<URI> redis() {
        return Optional.ofNullable(redisUrl);
    }

    /** The Redis channel of JSON pushes, or empty when this node takes none. */
    public Optional<String> push() {
        return Optional.ofNullable(pushChannel);
    }

    /** Whether the client port speaks TLS: a certificate chain and its key are set. */
    public boolean tls() {
        return tlsCertFile != null;
    }

    /** Whether this node joins a cluster: a Redis URL or a Redisson configuration file is set. */
    public boolean clustered() {
        return redisUrl != null || redisConfigFile != null;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw ConfigException.invalid(name, port, "0..65535");
        }
    }

    private static void checkPositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw ConfigException.invalid(name, value.toMillis() + " ms", "> 0 ms");
        }
    }

    // Both files or neither; each readable now (its content is read when the engine starts).
    private static void checkTlsFiles(Path certFile, Path keyFile) {
        String both = Setting.TLS_CERT_FILE.envName + " and " + Setting.TLS_KEY_FILE.envName + " both set, or neither";
        if (certFile != null && keyFile == null) {
            throw ConfigException.invalid("tlsCertFile", certFile, both);
        }
        if (keyFile != null && certFile == null) {
            throw ConfigException.invalid("tlsKeyFile", keyFile, both);
        }
        if (certFile != null && !readableFile(certFile)) {
            throw ConfigException.invalid("tlsCertFile", certFile, "a readable PEM certificate chain file");
        }
        if (keyFile != null && !readableFile(keyFile)) {
            throw ConfigException.invalid("tlsKeyFile", keyFile, "a readable PEM private key file");
        }
    }

    private static boolean readableFile(Path path) {
        return Files.isRegularFile(path) && Files.isReadable(path);
    }

    private static void checkRedisUrl(URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme();
        if (!("redis".equals(scheme) || "rediss".equals(scheme)) || url.getHost() == null) {
            throw ConfigException.invalid("redisUrl", url, "redis://[:password@]host[:port] or rediss://...");
        }
    }

    /** Builds a {@link SkeinConfig}; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int managementPort = DEFAULT_MANAGEMENT_PORT;
        private String nodeId = dev.skein.internal.Ids.nodeId();
        private Profile profile = Profile.DEMO;
        private URI redisUrl;
        private List<String> corsOrigins = List.of();
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Set<Transport> transports = EnumSet.allOf(Transport.class);
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Duration drainDelay = DEFAULT_DRAIN_DELAY;
        private int maxQueuedPacketsPerClient = DEFAULT_MAX_QUEUED_PACKETS_PER_CLIENT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean allowEio3;
        private boolean websocketCompression;
        private Path redisConfigFile;
        private String clusterChannelPrefix = DEFAULT_CLUSTER_CHANNEL_PREFIX;
        private Duration clusterRequestTimeout = DEFAULT_CLUSTER_REQUEST_TIMEOUT;
        private String pushChannel = DEFAULT_PUSH_CHANNEL;
        private NettyTransport nettyTransport = NettyTransport.AUTO;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private boolean engineEcho;
        private AuthConfig.Builder auth = AuthConfig.builder();
        private LimitsConfig.Builder limits = LimitsConfig.builder();
        private InputLimits inputLimits = InputLimits.DEFAULT;
        private RoutesConfig routes = RoutesConfig.NONE;
        private RecoveryConfig.Builder recovery = RecoveryConfig.builder();

        private Builder() {}

        private Builder(SkeinConfig c) {
            host = c.host;
            port = c.port;
            managementPort = c.managementPort;
            nodeId = c.nodeId;
            profile = c.profile;
            redisUrl = c.redisUrl;
            corsOrigins = c.corsOrigins;
            pingInterval = c.pingInterval;
            pingTimeout = c.pingTimeout;
            maxPayloadBytes = c.maxPayloadBytes;
            transports = c.transports;
            shutdownGrace = c.shutdownGrace;
            drainDelay = c.drainDelay;
            maxQueuedPacketsPerClient = c.maxQueuedPacketsPerClient;
            connectTimeout = c.connectTimeout;
            allowEio3 = c.allowEio3;
            websocketCompression = c.websocketCompression;
            redisConfigFile = c.redisConfigFile;
            clusterChannelPrefix = c.clusterChannelPrefix;
            clusterRequestTimeout = c.clusterRequestTimeout;
            pushChannel = c.pushChannel;
            nettyTransport = c.nettyTransport;
            tlsCertFile = c.tlsCertFile;
            tlsKeyFile = c.tlsKeyFile;
            engineEcho = c.engineEcho;
            auth = c.auth.toBuilder();
            limits = c.limits.toBuilder();
            inputLimits = c.inputLimits;
            routes = c.routes;
            recovery = c.recovery.toBuilder();
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder managementPort(int managementPort) {
            this.managementPort = managementPort;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder profile(Profile profile) {
            this.profile = profile;
            return this;
        }

        public Builder redisUrl(URI redisUrl) {
            this.redisUrl = redisUrl;
            return this;
        }

        public Builder corsOrigins(List<String> corsOrigins) {
            this.corsOrigins = corsOrigins;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder pingTimeout(Duration pingTimeout) {
            this.pingTimeout = pingTimeout;
            return this;
        }

        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder transports(Set<Transport> transports) {
            this.transports = transports;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder drainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
            return this;
        }

        public Builder maxQueuedPacketsPerClient(int maxQueuedPacketsPerClient) {
            this.maxQueuedPacketsPerClient = maxQueuedPacketsPerClient;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder allowEio3(boolean allowEio3) {
            this.allowEio3 = allowEio3;
            return this;
        }

        public Builder websocketCompression(boolean websocketCompression) {
            this.websocketCompression = websocketCompression;
            return this;
        }

        public Builder redisConfigFile(Path redisConfigFile) {
            this.redisConfigFile = redisConfigFile;
            return this;
        }

        public Builder clusterChannelPrefix(String clusterChannelPrefix) {
            this.clusterChannelPrefix = clusterChannelPrefix;
            return this;
        }

        public Builder clusterRequestTimeout(Duration clusterRequestTimeout) {
            this.clusterRequestTimeout = clusterRequestTimeout;
            return this;
        }

        /** The JSON push channel; {@code null} for none. */
        public Builder pushChannel(String pushChannel) {
            this.pushChannel = pushChannel;
            return this;
        }

        /** The network I/O of the client port. */
        public Builder nettyTransport(NettyTransport nettyTransport) {
            this.nettyTransport = nettyTransport;
            return this;
        }

        /** The PEM certificate chain of the client port's TLS; {@code null} for plain HTTP. */
        public Builder tlsCertFile(Path tlsCertFile) {
            this.tlsCertFile = tlsCertFile;
            return this;
        }

        /** The PEM private key of the client port's TLS; {@code null} for plain HTTP. */
        public Builder tlsKeyFile(Path tlsKeyFile) {
            this.tlsKeyFile = tlsKeyFile;
            return this;
        }

        /** Whether Skein's own engine also serves the raw Engine.IO echo endpoint at {@code /engine.io/}. */
        public Builder engineEcho(boolean engineEcho) {
            this.engineEcho = engineEcho;
            return this;
        }

        /** Changes the authentication settings: {@code builder.auth(a -> a.jwtSecret(secret))}. */
        public Builder auth(java.util.function.UnaryOperator<AuthConfig.Builder> change) {
            this.auth = change.apply(auth);
            return this;
        }

        /** Changes the abuse limits: {@code builder.limits(l -> l.maxConnectionsPerIp(100))}. */
        public Builder limits(java.util.function.UnaryOperator<LimitsConfig.Builder> change) {
            this.limits = change.apply(limits);
            return this;
        }

        /** Replaces the abuse limits. */
        public Builder limits(LimitsConfig limits) {
            this.limits = limits.toBuilder();
            return this;
        }

        /** Bounds on what clients send besides the payload size. */
        public Builder inputLimits(InputLimits inputLimits) {
            this.inputLimits = inputLimits;
            return this;
        }

        InputLimits inputLimits() {
            return inputLimits;
        }

        /** Backend routing (docs/routing.md); {@link RoutesConfig#NONE} for none. */
        public Builder routes(RoutesConfig routes) {
            this.routes = routes;
            return this;
        }

        /** Changes connection state recovery: {@code builder.recovery(r -> r.maxDisconnection(d))}. */
        public Builder recovery(java.util.function.UnaryOperator<RecoveryConfig.Builder> change) {
            this.recovery = change.apply(recovery);
            return this;
        }

        /** Replaces the connection state recovery settings. */
        public Builder recovery(RecoveryConfig recovery) {
            this.recovery = recovery.toBuilder();
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming the first field that is out of range
         */
        public SkeinConfig build() {
            return new SkeinConfig(
                    host,
                    port,
                    managementPort,
                    nodeId,
                    profile,
                    redisUrl,
                    corsOrigins,
                    pingInterval,
                    pingTimeout,
                    maxPayloadBytes,
                    transports,
                    shutdownGrace,
                    drainDelay,
                    maxQueuedPacketsPerClient,
                    connectTimeout,
                    allowEio3,
                    websocketCompression,
                    redisConfigFile,
                    clusterChannelPrefix,
                    clusterRequestTimeout,
                    pushChannel,
                    nettyTransport,
                    tlsCertFile,
                    tlsKeyFile,
                    engineEcho,
                    auth.build(),
                    limits.build(),
                    inputLimits,
                    routes,
                    recovery.build());
        }
    }
}
