package dev.skein.nettysocketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.HttpRequestDecoderConfiguration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.Transport;
import dev.skein.config.ConfigException;
import dev.skein.config.NettyTransport;
import dev.skein.config.SkeinConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A netty-socketio {@link Configuration} as a {@link SkeinConfig}: each field is mapped, or refused (a {@link
 * ConfigException} naming it, when running without it would change what the application relies on), or noted with
 * the reason it has no meaning on Skein (the notes are logged once, at start). Fields left at netty-socketio's
 * default are mapped silently. Pure.
 *
 * @param config what the Skein node runs with
 * @param notes one line per field that Skein does not honour as netty-socketio would
 */
record ConfigurationMapping(SkeinConfig config, List<String> notes) {
    /** The only Socket.IO path Skein serves. */
    static final String CONTEXT = "/socket.io";

    ConfigurationMapping {
        notes = List.copyOf(notes);
    }

    /**
     * Maps {@code c} onto {@code base}: the fields netty-socketio has win, Skein's others (management port, limits,
     * trusted proxies, TLS files, node id, ...) stay as {@code base} has them.
     *
     * @throws ConfigException for a field Skein cannot honour and that an application cannot do without
     */
    static ConfigurationMapping map(Configuration c, SkeinConfig base) {
        Configuration defaults = new Configuration();
        List<String> notes = new ArrayList<>();
        refuseUnhonourable(c);
        SkeinConfig.Builder builder = base.toBuilder()
                .host(c.getHostname() == null ? SkeinConfig.DEFAULT_HOST : c.getHostname())
                .port(c.getPort())
                .pingInterval(Duration.ofMillis(c.getPingInterval()))
                .pingTimeout(Duration.ofMillis(c.getPingTimeout()))
                .maxPayloadBytes(Math.max(c.getMaxHttpContentLength(), c.getMaxFramePayloadLength()))
                .transports(transports(c.getTransports()))
                .websocketCompression(c.isWebsocketCompression())
                // netty-socketio serves Engine.IO v3 clients (socket.io-client 2.x) as well as v4
                .allowEio3(true)
                .corsOrigins(origins(c, notes));
        if (c.isUseLinuxNativeEpoll()) {
            builder.nettyTransport(NettyTransport.EPOLL);
        }
        if (!c.isRandomSession()) {
            notes.add("randomSession=false: Skein always gives random session ids (a client cannot choose its own)");
        }
        noteThreads(c, defaults, notes);
        noteHttp(c, defaults, notes);
        noteSocket(c.getSocketConfig(), notes);
        try {
            return new ConfigurationMapping(builder.build(), notes);
        } catch (ConfigException e) {
            throw ConfigException.invalid("Configuration." + netty(e.setting()), valueOf(c, e.setting()), e.expected());
        }
    }

    private static void refuseUnhonourable(Configuration c) {
        if (!CONTEXT.equals(c.getContext())) {
            throw ConfigException.invalid(
                    "Configuration.context", c.getContext(), CONTEXT + " (Skein serves Socket.IO at /socket.io/)");
        }
        if (c.getKeyStore() != null || c.getTrustStore() != null || c.isNeedClientAuth()) {
            throw ConfigException.invalid(
                    "Configuration.keyStore",
                    "set",
                    "none: Skein reads TLS from PEM files (SkeinConfig tlsCertFile and tlsKeyFile, SKEIN_TLS_*), or"
                            + " leaves TLS to the load balancer");
        }
    }

    private static Set<dev.skein.config.Transport> transports(List<Transport> transports) {
        Set<dev.skein.config.Transport> mapped = EnumSet.noneOf(dev.skein.config.Transport.class);
        for (Transport transport : transports) {
            mapped.add(
                    transport == Transport.WEBSOCKET
                            ? dev.skein.config.Transport.WEBSOCKET
                            : dev.skein.config.Transport.POLLING);
        }
        return mapped;
    }

    /**
     * The origins allowed: {@code origin} as a comma or space list, none with {@code enableCors=false}. netty-socketio
     * allowed every origin with credentials when {@code origin} was null; Skein then allows none but its own.
     */
    private static List<String> origins(Configuration c, List<String> notes) {
        if (!c.isEnableCors()) {
            return List.of();
        }
        if (c.getOrigin() == null) {
            notes.add("origin=null: netty-socketio answered every origin with credentials; Skein allows only its own"
                    + " origin, so browser pages served from elsewhere need Configuration.setOrigin(\"https://...\")");
            return List.of();
        }
        return Arrays.stream(c.getOrigin().split("[,\\s]+"))
                .filter(o -> !o.isBlank())
                .toList();
    }

    private static void noteThreads(Configuration c, Configuration defaults, List<String> notes) {
        if (c.getBossThreads() != defaults.getBossThreads() || c.getWorkerThreads() != defaults.getWorkerThreads()) {
            notes.add("bossThreads/workerThreads: Skein sizes its event loops to the processors");
        }
        if (c.getUpgradeTimeout() != defaults.getUpgradeTimeout()) {
            notes.add("upgradeTimeout: Skein waits for an upgrade as long as the ping timeout");
        }
        if (c.getFirstDataTimeout() != defaults.getFirstDataTimeout()) {
            notes.add("firstDataTimeout: Skein closes silent connections after its HTTP request timeout"
                    + " (SkeinConfig inputLimits, SKEIN_HTTP_REQUEST_TIMEOUT_MS)");
        }
    }

    private static void noteHttp(Configuration c, Configuration defaults, List<String> notes) {
        if (c.isAllowCustomRequests()) {
            notes.add("allowCustomRequests=true: Skein answers only /socket.io/ on its port");
        }
        if (c.getAllowHeaders() != null) {
            notes.add("allowHeaders: Skein answers CORS preflights with the headers the request asks for");
        }
        if (c.getPackagePrefix() != null) {
            notes.add("packagePrefix: not used by Skein");
        }
        if (!c.isPreferDirectBuffer()) {
            notes.add("preferDirectBuffer=false: Skein's engine chooses its buffers");
        }
        if (!c.isAddVersionHeader()) {
            notes.add("addVersionHeader=false: Skein sends no Server header anyway");
        }
        HttpRequestDecoderConfiguration http = c.getHttpRequestDecoderConfiguration();
        HttpRequestDecoderConfiguration httpDefaults = defaults.getHttpRequestDecoderConfiguration();
        if (http.getMaxInitialLineLength() != httpDefaults.getMaxInitialLineLength()
                || http.getMaxHeaderSize() != httpDefaults.getMaxHeaderSize()
                || http.getMaxChunkSize() != httpDefaults.getMaxChunkSize()) {
            notes.add("httpRequestDecoderConfiguration: Skein's HTTP decoder keeps its own bounds");
        }
    }

    private static void noteSocket(SocketConfig socket, List<String> notes) {
        SocketConfig defaults = new SocketConfig();
        // Skein's engine: TCP_NODELAY, SO_REUSEADDR (netty-socketio's default false failed quick restarts), backlog
        // 1024
        if (!socket.isTcpNoDelay()
                || socket.getTcpSendBufferSize() != defaults.getTcpSendBufferSize()
                || socket.getTcpReceiveBufferSize() != defaults.getTcpReceiveBufferSize()
                || socket.isTcpKeepAlive() != defaults.isTcpKeepAlive()
                || socket.getSoLinger() != defaults.getSoLinger()
                || socket.getAcceptBackLog() != defaults.getAcceptBackLog()
                || socket.getWriteBufferWaterMarkLow() != defaults.getWriteBufferWaterMarkLow()
                || socket.getWriteBufferWaterMarkHigh() != defaults.getWriteBufferWaterMarkHigh()) {
            notes.add("socketConfig: Skein's engine sets its own socket options (TCP_NODELAY, SO_REUSEADDR, backlog"
                    + " 1024, writes bounded by the channel's writability)");
        }
    }

    private static String netty(String skeinField) {
        return switch (skeinField) {
            case "host" -> "hostname";
            case "maxPayloadBytes" -> "maxHttpContentLength";
            case "corsOrigins" -> "origin";
            default -> skeinField;
        };
    }

    private static Object valueOf(Configuration c, String skeinField) {
        return switch (skeinField) {
            case "host" -> c.getHostname();
            case "port" -> c.getPort();
            case "pingInterval" -> c.getPingInterval();
            case "pingTimeout" -> c.getPingTimeout();
            case "maxPayloadBytes" -> Math.max(c.getMaxHttpContentLength(), c.getMaxFramePayloadLength());
            case "transports" -> c.getTransports();
            case "corsOrigins" -> c.getOrigin();
            default -> Objects.toString(null);
        };
    }
}
