package dev.skein.routing.http;

import dev.skein.routing.Outbound;
import dev.skein.routing.RouteFailure;
import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.Instance;
import dev.skein.routing.discovery.Instances;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * POSTs JSON to the instances of one HTTP service over pooled keep-alive connections: per instance up to
 * {@link ServiceSpec#maxConnections()} connections, more calls waiting for one. Each call ends within its
 * timeout (from the moment it is made, waiting for a connection included); an instance that does not connect
 * or answer in time is set aside. Nothing blocks. Thread-safe.
 */
public final class HttpBackend implements AutoCloseable {
    /** Calls one instance may have waiting for a pooled connection. */
    private static final int MAX_WAITING_PER_INSTANCE = 10_000;

    private final ServiceSpec spec;
    private final Outbound outbound;
    private final int maxAnswerBytes;
    private final ConcurrentHashMap<Instance, FixedChannelPool> pools = new ConcurrentHashMap<>();

    /** @param maxAnswerBytes the largest answer body taken (larger: {@code "bad answer"}) */
    public HttpBackend(ServiceSpec spec, Outbound outbound, int maxAnswerBytes) {
        this.spec = spec;
        this.outbound = outbound;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * POSTs {@code body} (JSON) to {@code instance}.
     *
     * @return the answer, whatever its status; or a stage failed with a {@link RouteFailure}
     */
    public CompletableFuture<HttpAnswer> post(Instances instances, Instance instance, byte[] body, Duration timeout) {
        FixedChannelPool pool = pools.computeIfAbsent(instance, this::newPool);
        Exchange exchange = new Exchange(instances, instance, pool);
        exchange.timeout(outbound.group()
                .next()
                .schedule(
                        () -> exchange.fail(RouteFailure.ofInstance(RouteFailure.TIMEOUT)),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS));
        pool.acquire().addListener((Future<Channel> acquired) -> send(acquired, exchange, pool, instance, body));
        return exchange.result();
    }

    private void send(
            Future<Channel> acquired, Exchange exchange, FixedChannelPool pool, Instance instance, byte[] body) {
        if (!acquired.isSuccess()) {
            exchange.fail(connectFailure(acquired.cause()));
            return;
        }
        Channel channel = acquired.getNow();
        if (!exchange.attach(channel)) {
            pool.release(channel);
            return;
        }
        channel.writeAndFlush(request(instance, body)).addListener(written -> {
            if (!written.isSuccess()) {
                exchange.fail(RouteFailure.of(RouteFailure.CLOSED));
            }
        });
    }

    private static RouteFailure connectFailure(Throwable cause) {
        boolean connect = cause instanceof ConnectException
                || cause instanceof ConnectTimeoutException
                || cause instanceof UnknownHostException
                || cause instanceof java.io.IOException;
        return connect ? RouteFailure.ofInstance(RouteFailure.UNAVAILABLE) : RouteFailure.of(RouteFailure.BUSY);
    }

    private static FullHttpRequest request(Instance instance, byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, instance.pathAndQuery(), Unpooled.wrappedBuffer(body));
        request.headers()
                .set(HttpHeaderNames.HOST, instance.label())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.USER_AGENT, "skein")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }

    private FixedChannelPool newPool(Instance instance) {
        return new FixedChannelPool(
                outbound.bootstrap(spec.connectTimeout())
                        .remoteAddress(InetSocketAddress.createUnresolved(instance.host(), instance.port())),
                new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel channel) {
                        pipeline(channel.pipeline(), instance);
                    }
                },
                ChannelHealthChecker.ACTIVE,
                null,
                -1,
                spec.maxConnections(),
                MAX_WAITING_PER_INSTANCE,
                true,
                true);
    }

    private void pipeline(ChannelPipeline pipeline, Instance instance) {
        if (instance.secure()) {
            pipeline.addLast(outbound.tls().newHandler(pipeline.channel().alloc(), instance.host(), instance.port()));
        }
        pipeline.addLast(new HttpClientCodec());
        pipeline.addLast(new HttpObjectAggregator(maxAnswerBytes));
        pipeline.addLast(new ExchangeHandler());
    }

    /** Closes the pooled connections of an instance that discovery no longer lists. */
    public void remove(Instance instance) {
        FixedChannelPool pool = pools.remove(instance);
        if (pool != null) {
            pool.closeAsync();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::closeAsync);
        pools.clear();
    }
}
