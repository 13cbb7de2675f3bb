package dev.skein.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.redisson.client.NettyHook;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redisson configuration under which pub/sub loses nothing while Redis works: no Redisson {@code PING}s, and
 * TCP keepalive to find dead connections instead.
 *
 * <p>Why: Redisson pings every connection it holds, subscription connections included, every {@code
 * pingConnectionInterval} (30 s by default; Skein used 1 s), and a message that Redis pushes on a subscription
 * connection while a ping's answer is awaited is sometimes dropped: with 1 s pings, 1 to 2 of 100,000 {@code
 * PUBLISH}es to distinct channels of one pattern never reached the pattern's listener in 3 of 5 rounds of
 * 300,000 (none in 3 rounds without pings; RESP3 did not help), and a 3-node rolling restart lost one owed
 * message in about one CI run of six. Without pings, a connection that went away without a FIN or RST (a
 * dropped NAT entry, a peer that vanished) is found by TCP keepalive ({@value #KEEPALIVE_IDLE_S} s idle, then
 * {@value #KEEPALIVE_PROBES} probes {@value #KEEPALIVE_INTERVAL_S} s apart) or, when it has unacknowledged data,
 * by {@code TCP_USER_TIMEOUT} ({@value #USER_TIMEOUT_MS} ms, epoll only: the JDK has no option for it);
 * Redisson then reconnects and re-subscribes.
 * Skein's own {@link RedisWatch} still pings Redis every second for readiness and metrics.
 */
final class SubscriptionSafeConfig extends Config {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionSafeConfig.class);
    static final int KEEPALIVE_IDLE_S = 5;
    static final int KEEPALIVE_INTERVAL_S = 2;
    static final int KEEPALIVE_PROBES = 3;
    static final int USER_TIMEOUT_MS = 10_000;

    private SubscriptionSafeConfig(Config config) {
        super(config);
    }

    /**
     * A copy of {@code config} with pings off and TCP keepalive on; when {@code config} asked for pings itself
     * ({@code source} names where it came from), one line says that they are turned off, and why.
     */
    static Config of(Config config, String source) {
        SubscriptionSafeConfig safe = new SubscriptionSafeConfig(config);
        BaseConfig<?> servers = safe.servers();
        if (servers.getPingConnectionInterval() != 0 && source != null) {
            log.info(
                    "pingConnectionInterval {} ms of {} is turned off: Redisson's pings drop pub/sub messages now"
                            + " and then; TCP keepalive finds dead connections instead",
                    servers.getPingConnectionInterval(),
                    source);
        }
        servers.setPingConnectionInterval(0);
        // as channel options of each connection: Redisson 4.7's Config copy (which Redisson.create makes)
        // keeps the keepalive switch but drops its idle, interval, count and user timeout
        safe.setNettyHook(new KeepAliveHook(config.getNettyHook()));
        return safe;
    }

    /** Sets TCP keepalive and the user timeout on each connection Redisson opens (NIO or epoll). */
    static final class KeepAliveHook implements NettyHook {
        private final NettyHook next;

        KeepAliveHook(NettyHook next) {
            this.next = next;
        }

        @Override
        public void afterBoostrapInitialization(Bootstrap bootstrap) {
            if (next != null) {
                next.afterBoostrapInitialization(bootstrap);
            }
        }

        @Override
        public void afterChannelInitialization(Channel channel) {
            if (next != null) {
                next.afterChannelInitialization(channel);
            }
            ChannelConfig options = channel.config();
            options.setOption(ChannelOption.SO_KEEPALIVE, true);
            if (channel instanceof EpollSocketChannel) {
                options.setOption(EpollChannelOption.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
                options.setOption(EpollChannelOption.TCP_KEEPINTVL, KEEPALIVE_INTERVAL_S);
                options.setOption(EpollChannelOption.TCP_KEEPCNT, KEEPALIVE_PROBES);
                options.setOption(EpollChannelOption.TCP_USER_TIMEOUT, USER_TIMEOUT_MS);
            } else if (channel instanceof NioSocketChannel) {
                options.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), KEEPALIVE_IDLE_S);
                options.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), KEEPALIVE_INTERVAL_S);
                options.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), KEEPALIVE_PROBES);
            }
        }
    }

    /**
     * Says once, at WARN, when a Redisson client Skein does not own ({@code source} names it) pings its connections,
     * which it cannot turn off there.
     */
    static void warnIfPinging(Config config, String source) {
        int interval = new SubscriptionSafeConfig(config).servers().getPingConnectionInterval();
        if (interval != 0) {
            log.warn(
                    "{} pings its connections every {} ms: Redisson's pings drop a pub/sub message now and then, so"
                            + " this node may miss a broadcast; build it with pingConnectionInterval(0) and TCP keepalive",
                    source,
                    interval);
        }
    }

    /** The server settings of whichever mode the configuration uses. */
    BaseConfig<?> servers() {
        if (getClusterServersConfig() != null) {
            return getClusterServersConfig();
        }
        if (getSentinelServersConfig() != null) {
            return getSentinelServersConfig();
        }
        if (getReplicatedServersConfig() != null) {
            return getReplicatedServersConfig();
        }
        if (getMasterSlaveServersConfig() != null) {
            return getMasterSlaveServersConfig();
        }
        if (getSingleServerConfig() != null) {
            return getSingleServerConfig();
        }
        throw new IllegalArgumentException("the Redisson configuration names no Redis server");
    }
}
