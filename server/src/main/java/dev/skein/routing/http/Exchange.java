package dev.skein.routing.http;

import dev.skein.routing.RouteFailure;
import dev.skein.routing.discovery.Instance;
import dev.skein.routing.discovery.Instances;
import io.netty.channel.Channel;
import io.netty.channel.pool.ChannelPool;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One POST to one instance, from the pool's acquire to its answer, failure or timeout; ends once, then gives
 * its connection back to the pool (kept alive) or closes it. Thread-safe.
 */
final class Exchange {
    static final AttributeKey<Exchange> KEY = AttributeKey.valueOf("skein.route.exchange");

    private final Instances instances;
    private final Instance instance;
    private final ChannelPool pool;
    private final CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
    private Channel channel;
    private boolean done;
    private ScheduledFuture<?> timeout;

    Exchange(Instances instances, Instance instance, ChannelPool pool) {
        this.instances = instances;
        this.instance = instance;
        this.pool = pool;
        instance.begin();
    }

    CompletableFuture<HttpAnswer> result() {
        return result;
    }

    synchronized void timeout(ScheduledFuture<?> timer) {
        if (done) {
            timer.cancel(false);
        } else {
            this.timeout = timer;
        }
    }

    /** Takes {@code acquired} for this exchange; false when it already ended (the caller gives it back). */
    synchronized boolean attach(Channel acquired) {
        if (done) {
            return false;
        }
        channel = acquired;
        acquired.attr(KEY).set(this);
        return true;
    }

    /** The answer came: the connection goes back to the pool when both sides keep it alive. */
    void succeed(HttpAnswer answer, boolean keepAlive) {
        if (end(keepAlive)) {
            result.complete(answer);
        }
    }

    void fail(RouteFailure failure) {
        if (end(false)) {
            if (failure.instanceAtFault()) {
                instances.failed(instance);
            }
            result.completeExceptionally(failure);
        }
    }

    private boolean end(boolean keepAlive) {
        Channel used;
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
            used = channel;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        instance.end();
        if (used != null) {
            used.attr(KEY).set(null);
            if (keepAlive) {
                pool.release(used);
            } else {
                // given back once closed, so that the pool never hands out a connection that is closing
                used.close().addListener(closed -> pool.release(used));
            }
        }
        return true;
    }
}
