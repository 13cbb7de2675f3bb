package dev.skein.routing.discovery;

import dev.skein.routing.config.DnsSpec;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a service's instances equal to the A records of a DNS name (the hosts file first, then the system's
 * name servers), resolved again every {@link DnsSpec#refresh()} with Netty's asynchronous resolver on one
 * routing event loop: nothing blocks. A failed or empty answer keeps the instances known so far.
 */
public final class DnsDiscovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);

    private final DnsSpec spec;
    private final Instances instances;
    private final DnsNameResolver resolver;
    private final EventLoop loop;
    private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    private volatile boolean failing;
    private ScheduledFuture<?> refreshing;

    public DnsDiscovery(DnsSpec spec, Instances instances, EventLoop loop) {
        this.spec = spec;
        this.instances = instances;
        this.loop = loop;
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
                .resolveCache(NoopDnsCache.INSTANCE)
                .queryTimeoutMillis(Math.min(5_000, spec.refresh().toMillis()))
                .build();
    }

    /** Resolves now and every refresh period; the stage completes after the first answer (or failure). */
    public CompletableFuture<Void> start() {
        loop.execute(this::resolve);
        refreshing = loop.scheduleAtFixedRate(
                this::resolve, spec.refresh().toMillis(), spec.refresh().toMillis(), TimeUnit.MILLISECONDS);
        return firstAnswer;
    }

    private void resolve() {
        resolver.resolveAll(spec.name()).addListener(this::resolved);
    }

    private void resolved(Future<? super List<InetAddress>> answer) {
        if (!answer.isSuccess() || ((List<?>) answer.getNow()).isEmpty()) {
            if (!failing) {
                failing = true;
                log.warn(
                        "Service {}: DNS name {} did not resolve ({}); keeping its {} known instance(s)",
                        instances.service(),
                        spec.name(),
                        answer.cause() == null ? "no A record" : answer.cause().getMessage(),
                        instances.all().size());
            }
            firstAnswer.complete(null);
            return;
        }
        failing = false;
        List<URI> uris = new ArrayList<>();
        for (Object address : (List<?>) answer.getNow()) {
            uris.add(uri((InetAddress) address));
        }
        if (instances.replace(uris)) {
            log.info(
                    "Service {}: {} instance(s) from DNS name {}: {}",
                    instances.service(),
                    uris.size(),
                    spec.name(),
                    uris);
        }
        firstAnswer.complete(null);
    }

    private URI uri(InetAddress address) {
        try {
            return new URI(spec.scheme(), null, address.getHostAddress(), spec.port(), spec.path(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
        loop.execute(resolver::close);
    }
}
