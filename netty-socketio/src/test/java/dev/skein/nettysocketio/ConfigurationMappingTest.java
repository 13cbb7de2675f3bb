package dev.skein.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import com.corundumstudio.socketio.store.pubsub.BaseStoreFactory;
import com.corundumstudio.socketio.store.pubsub.PubSubStore;
import dev.skein.config.ConfigException;
import dev.skein.config.SkeinConfig;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConfigurationMappingTest {
    private static final SkeinConfig BASE =
            SkeinConfig.builder().managementPort(0).build();

    @Test
    void nettySocketioFieldsBecomeSkeinSettings() {
        Configuration c = new Configuration();
        c.setHostname("127.0.0.1");
        c.setPort(4000);
        c.setPingInterval(10_000);
        c.setPingTimeout(30_000);
        c.setMaxHttpContentLength(2_000_000);
        c.setMaxFramePayloadLength(500_000);
        c.setTransports(Transport.WEBSOCKET);
        c.setOrigin("https://app.example, https://admin.example");
        c.setRandomSession(true);

        SkeinConfig config = ConfigurationMapping.map(c, BASE).config();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(config.maxPayloadBytes()).isEqualTo(2_000_000);
        assertThat(config.transports()).containsExactly(dev.skein.config.Transport.WEBSOCKET);
        assertThat(config.corsOrigins()).containsExactly("https://app.example", "https://admin.example");
        // netty-socketio's defaults: permessage-deflate on, Engine.IO v3 clients served
        assertThat(config.websocketCompression()).isTrue();
        assertThat(config.allowEio3()).isTrue();
        assertThat(config.managementPort()).isZero();
    }

    @Test
    void nettySocketioDefaultsAreKeptAndTheUnsafeOnesNotedOnce() {
        Configuration c = new Configuration();
        c.setPort(4000);

        ConfigurationMapping mapping = ConfigurationMapping.map(c, BASE);

        assertThat(mapping.config().pingTimeout()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(mapping.config().maxPayloadBytes()).isEqualTo(64 * 1024);
        assertThat(mapping.config().transports())
                .isEqualTo(Set.of(dev.skein.config.Transport.WEBSOCKET, dev.skein.config.Transport.POLLING));
        assertThat(mapping.config().corsOrigins()).isEmpty();
        assertThat(mapping.notes()).hasSize(2);
        assertThat(mapping.notes().get(0)).startsWith("origin=null");
        assertThat(mapping.notes().get(1)).startsWith("randomSession=false");
    }

    @Test
    void fieldsWithoutMeaningOnSkeinAreNotedWithTheirReason() {
        Configuration c = new Configuration();
        c.setPort(4000);
        c.setRandomSession(true);
        c.setOrigin("*");
        c.setWorkerThreads(8);
        c.setAllowCustomRequests(true);
        c.getSocketConfig().setTcpKeepAlive(true);

        assertThat(ConfigurationMapping.map(c, BASE).notes())
                .hasSize(3)
                .anyMatch(note -> note.startsWith("bossThreads/workerThreads"))
                .anyMatch(note -> note.startsWith("allowCustomRequests"))
                .anyMatch(note -> note.startsWith("socketConfig"));
    }

    @Test
    void whatSkeinCannotHonourIsRefusedNamingTheField() {
        Configuration unset = new Configuration();
        assertThatThrownBy(() -> ConfigurationMapping.map(unset, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Configuration.port : -1 (expected: ");

        Configuration context = new Configuration();
        context.setPort(4000);
        context.setContext("/ws");
        assertThatThrownBy(() -> ConfigurationMapping.map(context, BASE))
                .hasMessageStartingWith("Configuration.context : /ws (expected: /socket.io");

        Configuration tls = new Configuration();
        tls.setPort(4000);
        tls.setKeyStore(new ByteArrayInputStream(new byte[0]));
        assertThatThrownBy(() -> ConfigurationMapping.map(tls, BASE))
                .hasMessageContaining("Configuration.keyStore")
                .hasMessageContaining("PEM");
    }

    @Test
    void aMemoryStoreIsOneNodeAndAnUnknownStoreIsRefused() {
        assertThat(ClusterStores.link(new MemoryStoreFactory())).isNull();
        assertThatThrownBy(() -> ClusterStores.link(new OwnStoreFactory()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Configuration.storeFactory : " + OwnStoreFactory.class.getName())
                .hasMessageContaining("RedissonStoreFactory");
    }

    @Test
    void thePojoMappingKeepsBinaryInsideObjectsAndLeavesNullFieldsOut() {
        PojoMapping mapping = new PojoMapping(new com.corundumstudio.socketio.protocol.JacksonJsonSupport());
        Bean bean = new Bean();
        bean.data = new byte[] {1, 2, 3};
        bean.name = "a";

        Object wire = mapping.toWire(bean);

        assertThat(wire).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) wire;
        assertThat(Set.copyOf(map.keySet())).isEqualTo(Set.of("name", "data"));
        assertThat((byte[]) map.get("data")).containsExactly(1, 2, 3);

        mapping.jsonSupport().addEventMapping("", "bean", Bean.class);
        List<Object> read = mapping.fromWire("", "bean", List.of(Bean.class), List.of(map));
        assertThat(((Bean) read.get(0)).data).containsExactly(1, 2, 3);
        assertThat(((Bean) read.get(0)).name).isEqualTo("a");
        // a value that fits the listener's class is handed over as it came: binary stays byte[]
        assertThat(mapping.fromWire("", "raw", List.of(Object.class), List.of(new byte[] {9}))
                        .get(0))
                .isEqualTo(new byte[] {9});
    }

    /** A bean with a null field. */
    public static final class Bean {
        public String name;
        public byte[] data;
        public String unset;
    }

    /** An application's own store factory, which Skein cannot honour. */
    private static final class OwnStoreFactory extends BaseStoreFactory {
        @Override
        public PubSubStore pubSubStore() {
            return null;
        }

        @Override
        public <K, V> Map<K, V> createMap(String name) {
            return Map.of();
        }

        @Override
        public com.corundumstudio.socketio.store.Store createStore(UUID sessionId) {
            return null;
        }

        @Override
        public void shutdown() {}
    }
}
