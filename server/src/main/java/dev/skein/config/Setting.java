package dev.skein.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings a standalone node reads: each an environment variable and an equal command-line flag
 * ({@code SKEIN_PORT=3001} is {@code --port 3001}).
 */
enum Setting {
    HOST("SKEIN_HOST", "host", SkeinConfig.DEFAULT_HOST, "address to bind") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.host(v);
        }
    },
    PORT("SKEIN_PORT", "port", "" + SkeinConfig.DEFAULT_PORT, "Socket.IO and demo page port (0: any free port)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.port(integer(v, "an integer 0..65535"));
        }
    },
    MGMT_PORT(
            "SKEIN_MGMT_PORT",
            "managementPort",
            "" + SkeinConfig.DEFAULT_MANAGEMENT_PORT,
            "health and metrics port (0: any free port)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.managementPort(integer(v, "an integer 0..65535"));
        }
    },
    NODE_ID("SKEIN_NODE_ID", "nodeId", "random", "this node's id in logs, greetings and the cluster") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.nodeId(v);
        }
    },
    PROFILE(
            "SKEIN_PROFILE",
            "profile",
            "demo",
            "application to run: demo, or conformance (the protocol test suites' reference server)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.profile(choice(Profile.class, v, "demo or conformance"));
        }
    },
    REDIS_URL("SKEIN_REDIS_URL", "redisUrl", "unset", "Redis of the cluster; unset: standalone, in-memory") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            try {
                b.redisUrl(new URI(v));
            } catch (URISyntaxException e) {
                throw ConfigException.invalid(field, v, "redis://[:password@]host[:port] or rediss://...");
            }
        }
    },
    REDIS_CONFIG(
            "SKEIN_REDIS_CONFIG",
            "redisConfigFile",
            "unset",
            "Redisson YAML file for Sentinel, Cluster, TLS or pools; its address wins over SKEIN_REDIS_URL") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.redisConfigFile(java.nio.file.Path.of(v));
        }
    },
    CLUSTER_CHANNEL_PREFIX(
            "SKEIN_CLUSTER_CHANNEL_PREFIX",
            "clusterChannelPrefix",
            SkeinConfig.DEFAULT_CLUSTER_CHANNEL_PREFIX,
            "Redis channel prefix (the official adapter's key); the same on every node") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.clusterChannelPrefix(v);
        }
    },
    CLUSTER_REQUEST_TIMEOUT_MS(
            "SKEIN_CLUSTER_REQUEST_TIMEOUT_MS",
            "clusterRequestTimeout",
            "" + SkeinConfig.DEFAULT_CLUSTER_REQUEST_TIMEOUT.toMillis(),
            "milliseconds a cluster request (fetchSockets, allRooms) waits for the other nodes") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.clusterRequestTimeout(millis(v));
        }
    },
    PUSH_CHANNEL(
            "SKEIN_PUSH_CHANNEL",
            "pushChannel",
            SkeinConfig.DEFAULT_PUSH_CHANNEL,
            "Redis channel of JSON pushes from scripts and jobs (docs/push.md); off: none") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.pushChannel("off".equals(v) ? null : v);
        }
    },
    CORS_ORIGINS(
            "SKEIN_CORS_ORIGINS",
            "corsOrigins",
            "none",
            "comma list of other browser origins allowed (the demo page is same-origin)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.corsOrigins(list(v));
        }
    },
    PING_INTERVAL_MS(
            "SKEIN_PING_INTERVAL_MS",
            "pingInterval",
            "" + SkeinConfig.DEFAULT_PING_INTERVAL.toMillis(),
            "milliseconds between server pings") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.pingInterval(millis(v));
        }
    },
    PING_TIMEOUT_MS(
            "SKEIN_PING_TIMEOUT_MS",
            "pingTimeout",
            "" + SkeinConfig.DEFAULT_PING_TIMEOUT.toMillis(),
            "milliseconds to wait for a pong") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.pingTimeout(millis(v));
        }
    },
    MAX_PAYLOAD_BYTES(
            "SKEIN_MAX_PAYLOAD_BYTES",
            "maxPayloadBytes",
            "" + SkeinConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            "largest HTTP body or websocket message accepted") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.maxPayloadBytes(integer(v, "an integer 1.." + SkeinConfig.MAX_PAYLOAD_LIMIT));
        }
    },
    TRANSPORTS("SKEIN_TRANSPORTS", "transports", "polling,websocket", "transports clients may use") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            Set<Transport> set = EnumSet.noneOf(Transport.class);
            for (String name : list(v)) {
                set.add(choice(Transport.class, name, "polling, websocket or both, comma-separated"));
            }
            b.transports(set);
        }
    },
    CONNECT_TIMEOUT_MS(
            "SKEIN_CONNECT_TIMEOUT_MS",
            "connectTimeout",
            "" + SkeinConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(),
            "milliseconds a new connection may take to join a namespace") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.connectTimeout(millis(v));
        }
    },
    ALLOW_EIO3("SKEIN_ALLOW_EIO3", "allowEio3", "false", "accept Engine.IO v3 clients (socket.io-client 2.x)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.allowEio3(bool(v));
        }
    },
    WS_COMPRESSION(
            "SKEIN_WS_COMPRESSION",
            "websocketCompression",
            "false",
            "let websockets negotiate permessage-deflate (messages of 1 KiB and more)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.websocketCompression(bool(v));
        }
    },
    MAX_CONNECTIONS_PER_IP(
            "SKEIN_MAX_CONNECTIONS_PER_IP",
            "maxConnectionsPerIp",
            "" + LimitsConfig.DEFAULT_MAX_CONNECTIONS_PER_IP,
            "Engine.IO sessions one client address may hold at once (0: no limit)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int max = integer(v, LIMIT);
            b.limits(l -> l.maxConnectionsPerIp(max));
        }
    },
    HANDSHAKES_PER_SECOND_PER_IP(
            "SKEIN_HANDSHAKES_PER_SECOND_PER_IP",
            "handshakesPerSecondPerIp",
            "" + LimitsConfig.DEFAULT_HANDSHAKES_PER_SECOND_PER_IP,
            "new sessions per second one client address may open, on average (0: no limit)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int rate = integer(v, LIMIT);
            b.limits(l -> l.handshakesPerSecondPerIp(rate));
        }
    },
    HANDSHAKE_BURST_PER_IP(
            "SKEIN_HANDSHAKE_BURST_PER_IP",
            "handshakeBurstPerIp",
            "" + LimitsConfig.DEFAULT_HANDSHAKE_BURST_PER_IP,
            "handshakes one client address may make at once before its rate applies") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int burst = integer(v, BURST);
            b.limits(l -> l.handshakeBurstPerIp(burst));
        }
    },
    EVENTS_PER_SECOND(
            "SKEIN_EVENTS_PER_SECOND",
            "eventsPerSecond",
            "" + LimitsConfig.DEFAULT_EVENTS_PER_SECOND,
            "events per second one connection may send, on average (0: no limit)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int rate = integer(v, LIMIT);
            b.limits(l -> l.eventsPerSecond(rate));
        }
    },
    EVENT_BURST(
            "SKEIN_EVENT_BURST",
            "eventBurst",
            "" + LimitsConfig.DEFAULT_EVENT_BURST,
            "events one connection may send at once before its rate applies") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int burst = integer(v, BURST);
            b.limits(l -> l.eventBurst(burst));
        }
    },
    EVENT_FLOOD_CLOSE_SECONDS(
            "SKEIN_EVENT_FLOOD_CLOSE_SECONDS",
            "eventFloodCloseSeconds",
            "" + LimitsConfig.DEFAULT_EVENT_FLOOD_CLOSE_SECONDS,
            "disconnect a connection refused events again and again for this many seconds (0: never)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int seconds = integer(v, "a whole number of seconds 0.." + LimitsConfig.MAX_FLOOD_SECONDS);
            b.limits(l -> l.eventFloodCloseSeconds(seconds));
        }
    },
    MAX_NAMESPACES_PER_CONNECTION(
            "SKEIN_MAX_NAMESPACES_PER_CONNECTION",
            "maxNamespacesPerConnection",
            "" + LimitsConfig.DEFAULT_MAX_NAMESPACES_PER_CONNECTION,
            "namespaces one connection may join at once (0: no limit)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int max = integer(v, LIMIT);
            b.limits(l -> l.maxNamespacesPerConnection(max));
        }
    },
    MAX_ROOMS_PER_SOCKET(
            "SKEIN_MAX_ROOMS_PER_SOCKET",
            "maxRoomsPerSocket",
            "" + LimitsConfig.DEFAULT_MAX_ROOMS_PER_SOCKET,
            "rooms one socket may be in at once, its own room not counted (0: no limit)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int max = integer(v, LIMIT);
            b.limits(l -> l.maxRoomsPerSocket(max));
        }
    },
    TRUSTED_PROXIES(
            "SKEIN_TRUSTED_PROXIES",
            "trustedProxies",
            "none",
            "comma list of proxy addresses or CIDR blocks whose X-Forwarded-For or PROXY header is believed") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            java.util.List<Cidr> blocks = new java.util.ArrayList<>();
            for (String block : list(v)) {
                try {
                    blocks.add(Cidr.parse(block));
                } catch (IllegalArgumentException e) {
                    throw ConfigException.invalid(field, v, "IP addresses or CIDR blocks, e.g. 10.0.0.0/8,192.0.2.7");
                }
            }
            b.limits(l -> l.trustedProxies(blocks));
        }
    },
    PROXY_PROTOCOL(
            "SKEIN_PROXY_PROTOCOL",
            "proxyProtocol",
            "false",
            "require a PROXY protocol header (v1/v2) on every connection, from SKEIN_TRUSTED_PROXIES only") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            boolean on = bool(v);
            b.limits(l -> l.proxyProtocol(on));
        }
    },
    RECOVERY_MAX_DISCONNECTION_MS(
            "SKEIN_RECOVERY_MAX_DISCONNECTION_MS",
            "recoveryMaxDisconnection",
            "0",
            "milliseconds a disconnected client's socket and missed events stay recoverable (0: recovery off;"
                    + " the official default is 120000); docs/recovery.md") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            Duration max = millis(v);
            b.recovery(r -> r.maxDisconnection(max));
        }
    },
    RECOVERY_SKIP_MIDDLEWARES(
            "SKEIN_RECOVERY_SKIP_MIDDLEWARES",
            "recoverySkipMiddlewares",
            "true",
            "a recovered socket skips the connect middleware and authentication (its claims come back, their expiry"
                    + " still applies)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            boolean skip = bool(v);
            b.recovery(r -> r.skipMiddlewares(skip));
        }
    },
    RECOVERY_MAX_PACKETS(
            "SKEIN_RECOVERY_MAX_PACKETS",
            "recoveryMaxPackets",
            "" + RecoveryConfig.DEFAULT_MAX_PACKETS,
            "recoverable events each namespace keeps (in memory, or in its Redis stream); a client that missed more"
                    + " is not recovered") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            int max = integer(v, "an integer 1.." + RecoveryConfig.MAX_PACKETS_LIMIT);
            b.recovery(r -> r.maxPackets(max));
        }
    },
    NETTY_TRANSPORT(
            "SKEIN_NETTY_TRANSPORT",
            "nettyTransport",
            NettyTransport.AUTO.wireName(),
            "network I/O of the client port: auto (epoll when it loads, else nio), epoll or nio") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.nettyTransport(choice(NettyTransport.class, v, "auto, epoll or nio"));
        }
    },
    TLS_CERT_FILE(
            "SKEIN_TLS_CERT_FILE",
            "tlsCertFile",
            "unset",
            "PEM certificate chain: serve the client port over TLS (https, wss) with SKEIN_TLS_KEY_FILE") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.tlsCertFile(java.nio.file.Path.of(v.trim()));
        }
    },
    TLS_KEY_FILE(
            "SKEIN_TLS_KEY_FILE",
            "tlsKeyFile",
            "unset",
            "PEM private key (PKCS#8, unencrypted) of SKEIN_TLS_CERT_FILE's certificate") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.tlsKeyFile(java.nio.file.Path.of(v.trim()));
        }
    },
    SHUTDOWN_GRACE_MS(
            "SKEIN_SHUTDOWN_GRACE_MS",
            "shutdownGrace",
            "" + SkeinConfig.DEFAULT_SHUTDOWN_GRACE.toMillis(),
            "milliseconds a draining node may take before it exits") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.shutdownGrace(millis(v));
        }
    },
    MAX_JSON_DEPTH(
            "SKEIN_MAX_JSON_DEPTH",
            "maxJsonDepth",
            "" + InputLimits.DEFAULT_MAX_JSON_DEPTH,
            "how deeply arrays and objects may nest in a packet's JSON (deeper: the connection is closed)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.inputLimits(
                    b.inputLimits().withMaxJsonDepth(integer(v, "an integer 1.." + InputLimits.MAX_JSON_DEPTH_LIMIT)));
        }
    },
    MAX_ATTACHMENTS(
            "SKEIN_MAX_ATTACHMENTS",
            "maxAttachments",
            "" + InputLimits.DEFAULT_MAX_ATTACHMENTS,
            "binary attachments one packet may announce (more: the connection is closed)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.inputLimits(b.inputLimits()
                    .withMaxAttachments(integer(v, "an integer 0.." + InputLimits.MAX_ATTACHMENTS_LIMIT)));
        }
    },
    HTTP_REQUEST_TIMEOUT_MS(
            "SKEIN_HTTP_REQUEST_TIMEOUT_MS",
            "httpRequestTimeout",
            "" + InputLimits.DEFAULT_HTTP_REQUEST_TIMEOUT.toMillis(),
            "milliseconds an HTTP request may take to arrive, and an idle connection may stay open") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.inputLimits(b.inputLimits().withHttpRequestTimeout(millis(v)));
        }
    },
    DRAIN_DELAY_MS(
            "SKEIN_DRAIN_DELAY_MS",
            "drainDelay",
            "" + SkeinConfig.DEFAULT_DRAIN_DELAY.toMillis(),
            "milliseconds a draining node keeps serving with readiness failing, for load balancers to notice") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.drainDelay(millis(v));
        }
    },
    AUTH_JWT_SECRET(
            "SKEIN_AUTH_JWT_SECRET",
            "authJwtSecret",
            "unset",
            "HMAC secret (32+ bytes): clients need a JWT signed HS256/384/512 to connect; prefer the variable") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtSecret(v));
        }

        @Override
        boolean secret() {
            return true;
        }
    },
    AUTH_JWT_PUBLIC_KEY(
            "SKEIN_AUTH_JWT_PUBLIC_KEY",
            "authJwtPublicKey",
            "unset",
            "PEM public key or certificate (RSA, EC, Ed25519/Ed448): clients need a JWT signed RS*/PS*/ES*/EdDSA") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtPublicKeyFile(java.nio.file.Path.of(v.trim())));
        }
    },
    AUTH_JWKS_FILE(
            "SKEIN_AUTH_JWKS_FILE",
            "authJwksFile",
            "unset",
            "local JWKS file of public keys (RSA, EC, Ed25519/Ed448): clients need a JWT signed by one to connect") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwksFile(java.nio.file.Path.of(v.trim())));
        }
    },
    AUTH_JWT_ALGORITHMS(
            "SKEIN_AUTH_JWT_ALGORITHMS",
            "authJwtAlgorithms",
            "all the key allows",
            "comma list of JWT signature algorithms accepted, such as RS256 (never none)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtAlgorithms(new java.util.LinkedHashSet<>(list(v))));
        }
    },
    AUTH_JWT_AUDIENCE("SKEIN_AUTH_JWT_AUDIENCE", "authJwtAudience", "any", "the aud a JWT must name") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtAudience(v.trim()));
        }
    },
    AUTH_JWT_ISSUER("SKEIN_AUTH_JWT_ISSUER", "authJwtIssuer", "any", "the iss a JWT must carry") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtIssuer(v.trim()));
        }
    },
    AUTH_JWT_CLOCK_SKEW_MS(
            "SKEIN_AUTH_JWT_CLOCK_SKEW_MS",
            "authJwtClockSkew",
            "" + AuthConfig.DEFAULT_CLOCK_SKEW.toMillis(),
            "milliseconds of clock difference tolerated on a JWT's exp and nbf") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.jwtClockSkew(millis(v)));
        }
    },
    AUTH_ROOMS_CLAIM(
            "SKEIN_AUTH_ROOMS_CLAIM",
            "authRoomsClaim",
            AuthConfig.DEFAULT_ROOMS_CLAIM,
            "JWT claim listing the room patterns (orders-*) a client may join in the demo app") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.auth(a -> a.roomsClaim(v.trim()));
        }
    },
    ROUTES_FILE(
            "SKEIN_ROUTES_FILE",
            "routesFile",
            "unset",
            "YAML file routing clients' events to backend services over HTTP or WebSocket (docs/routing.md)") {
        @Override
        void apply(SkeinConfig.Builder b, String v) {
            b.routes(new RoutesConfig(java.nio.file.Path.of(v.trim())));
        }
    };

    private static final String LIMIT = "an integer 0.." + LimitsConfig.MAX_COUNT + " (0: no limit)";
    private static final String BURST = "an integer 1.." + LimitsConfig.MAX_COUNT;

    final String envName;
    final String field;
    final String defaultText;
    final String description;

    Setting(String envName, String field, String defaultText, String description) {
        this.envName = envName;
        this.field = field;
        this.defaultText = defaultText;
        this.description = description;
    }

    /** Parses {@code value} into the builder; throws {@link ConfigException} naming {@link #field}. */
    abstract void apply(SkeinConfig.Builder builder, String value);

    /** Whether the value is a secret: error messages then never show it. */
    boolean secret() {
        return false;
    }

    /** {@code value} as an error message may show it. */
    String shown(String value) {
        return secret() ? "(hidden, " + value.length() + " characters)" : value;
    }

    /** The command-line flag: {@code SKEIN_MGMT_PORT} is {@code --mgmt-port}. */
    String flag() {
        return "--"
                + envName.substring("SKEIN_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Setting forField(String field) {
        return Arrays.stream(values())
                .filter(s -> s.field.equals(field))
                .findFirst()
                .orElse(null);
    }

    static Setting forFlag(String flag) {
        return Arrays.stream(values())
                .filter(s -> s.flag().equals(flag))
                .findFirst()
                .orElse(null);
    }

    int integer(String v, String expected) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(field, v, expected);
        }
    }

    Duration millis(String v) {
        return Duration.ofMillis(integer(v, "a whole number of milliseconds"));
    }

    boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(field, v, "true or false");
        };
    }

    <E extends Enum<E>> E choice(Class<E> type, String v, String expected) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(field, v, expected);
        }
    }

    static List<String> list(String v) {
        return Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
