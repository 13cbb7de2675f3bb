package dev.skein.engine;

import dev.skein.config.LimitsConfig;
import dev.skein.limits.Admission;
import dev.skein.limits.ClientAddresses;
import dev.skein.limits.LimitsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the abuse limits: which client a handshake comes from (behind trusted proxies),
 * whether its address may open one more session, and the meters of the payload limits. Thread-safe.
 */
final class EngineLimits {
    private static final Logger log = LoggerFactory.getLogger(EngineLimits.class);
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final ClientAddresses addresses;
    private final Admission admission;
    private final LimitsMetrics metrics;
    private final boolean perAddress;
    private final AtomicBoolean warnedAboutForwarding = new AtomicBoolean();

    EngineLimits(LimitsConfig config, MeterRegistry registry, LongSupplier clock) {
        this.addresses = new ClientAddresses(config.trustedProxies());
        this.metrics = new LimitsMetrics(registry);
        this.admission = new Admission(config, metrics, clock);
        this.perAddress = config.maxConnectionsPerIp() > 0 || config.handshakesPerSecondPerIp() > 0;
    }

    ClientAddresses addresses() {
        return addresses;
    }

    LimitsMetrics metrics() {
        return metrics;
    }

    /**
     * The client that sent {@code request} over {@code channel}: the connection's address (the PROXY header's
     * source, else the TCP peer), or the one a trusted proxy forwarded; {@code null} when unknown.
     */
    InetAddress clientOf(Channel channel, HttpRequest request) {
        InetAddress connection = connectionAddress(channel);
        if (connection == null) {
            return null;
        }
        List<String> forwarded = request.headers().getAll(X_FORWARDED_FOR);
        if (!forwarded.isEmpty() && !addresses.trusts(connection)) {
            warnOnce(connection);
        }
        return addresses.resolve(connection, forwarded);
    }

    /** Decides a handshake from {@code key} ({@link ClientAddresses#limitKey}); counts refusals. */
    Admission.Verdict admit(InetAddress key) {
        return admission.admit(key);
    }

    /** Whether an admitted session must {@link #release} its address when it ends. */
    boolean holdsConnections() {
        return admission.holdsConnections();
    }

    void release(InetAddress key) {
        admission.release(key);
    }

    /** The connection's own address: the PROXY header's source when one came, else the TCP peer's. */
    static InetAddress connectionAddress(Channel channel) {
        InetAddress proxied = channel.attr(ProxyProtocolHandler.SOURCE).get();
        if (proxied != null) {
            return proxied;
        }
        return channel.remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
    }

    private void warnOnce(InetAddress peer) {
        if (perAddress && warnedAboutForwarding.compareAndSet(false, true)) {
            log.warn(
                    "A handshake from {} carries X-Forwarded-For, but {} is not in SKEIN_TRUSTED_PROXIES: per-address"
                            + " limits count the proxy as one client. If it is your proxy, add its address to"
                            + " SKEIN_TRUSTED_PROXIES (logged once)",
                    peer.getHostAddress(),
                    peer.getHostAddress());
        }
    }
}
