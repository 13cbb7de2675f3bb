package dev.skein.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;

class SubscriptionSafeConfigTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "singleServerConfig:\n  address: redis://127.0.0.1:6379\n  pingConnectionInterval: 1000\n",
                "singleServerConfig:\n  address: redis://127.0.0.1:6379\n",
                "clusterServersConfig:\n  nodeAddresses: [redis://127.0.0.1:7000]\n  pingConnectionInterval: 500\n",
                "sentinelServersConfig:\n  masterName: m\n  sentinelAddresses: [redis://127.0.0.1:26379]\n"
            })
    void pingsAreOffAndTcpKeepaliveOnWhateverTheFileSaid(String yaml) throws Exception {
        Config read = Config.fromYAML(yaml);

        SubscriptionSafeConfig safe = (SubscriptionSafeConfig) SubscriptionSafeConfig.of(read, "test.yaml");
        BaseConfig<?> servers = safe.servers();

        assertThat(servers.getPingConnectionInterval()).isZero();
        assertThat(new Config(safe).getNettyHook())
                .as("the hook survives the copy Redisson.create makes")
                .isInstanceOf(SubscriptionSafeConfig.KeepAliveHook.class);
    }

    @Test
    void eachConnectionGetsTcpKeepalive() {
        NioSocketChannel channel = new NioSocketChannel();
        try {
            new SubscriptionSafeConfig.KeepAliveHook(null).afterChannelInitialization(channel);

            assertThat(channel.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE)))
                    .isEqualTo(SubscriptionSafeConfig.KEEPALIVE_IDLE_S);
            assertThat(channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)))
                    .isEqualTo(SubscriptionSafeConfig.KEEPALIVE_INTERVAL_S);
            assertThat(channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)))
                    .isEqualTo(SubscriptionSafeConfig.KEEPALIVE_PROBES);
        } finally {
            channel.unsafe().closeForcibly();
        }
    }
}
