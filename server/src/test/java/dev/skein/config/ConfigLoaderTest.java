package dev.skein.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void defaultsAreSafe() {
        SkeinConfig config = ConfigLoader.load(new String[0], Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.managementPort()).isEqualTo(8081);
        assertThat(config.nodeId()).hasSize(6);
        assertThat(config.profile()).isEqualTo(Profile.DEMO);
        assertThat(config.redis()).isEmpty();
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(25_000));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(20_000));
        assertThat(config.maxPayloadBytes()).isEqualTo(1_000_000);
        assertThat(config.transports()).containsExactlyInAnyOrder(Transport.POLLING, Transport.WEBSOCKET);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(45_000));
        assertThat(config.allowEio3()).isFalse();
        assertThat(config.websocketCompression()).isFalse();
        assertThat(config.push()).contains("skein:push");
        assertThat(config.nettyTransport()).isEqualTo(NettyTransport.AUTO);
        assertThat(config.tls()).isFalse();
        assertThat(ConfigLoader.load(new String[0], Map.of()).nodeId()).isNotEqualTo(config.nodeId());
    }

    @Test
    void readsEveryVariableAndFlagsWin(@TempDir Path dir) throws Exception {
        Path redisson =
                Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig:\n  address: redis://r:6379\n");
        Map<String, String> env = Map.ofEntries(
                Map.entry("SKEIN_REDIS_CONFIG", redisson.toString()),
                Map.entry("SKEIN_CLUSTER_CHANNEL_PREFIX", "app-1.io"),
                Map.entry("SKEIN_CLUSTER_REQUEST_TIMEOUT_MS", "750"),
                Map.entry("SKEIN_PUSH_CHANNEL", "jobs:push"),
                Map.entry("SKEIN_HOST", "127.0.0.1"),
                Map.entry("SKEIN_PORT", "3001"),
                Map.entry("SKEIN_MGMT_PORT", "9000"),
                Map.entry("SKEIN_NODE_ID", "node-a"),
                Map.entry("SKEIN_PROFILE", "demo"),
                Map.entry("SKEIN_REDIS_URL", "redis://:secret@redis:6379"),
                Map.entry("SKEIN_CORS_ORIGINS", "https://a.example, http://b.example:8080"),
                Map.entry("SKEIN_PING_INTERVAL_MS", "1000"),
                Map.entry("SKEIN_PING_TIMEOUT_MS", "500"),
                Map.entry("SKEIN_MAX_PAYLOAD_BYTES", "4096"),
                Map.entry("SKEIN_TRANSPORTS", "websocket"),
                Map.entry("SKEIN_SHUTDOWN_GRACE_MS", "0"),
                Map.entry("SKEIN_CONNECT_TIMEOUT_MS", "2500"),
                Map.entry("SKEIN_ALLOW_EIO3", "true"),
                Map.entry("SKEIN_WS_COMPRESSION", "TRUE"));

        SkeinConfig config = ConfigLoader.load(new String[] {"--port", "3002", "--mgmt-port=9001"}, env);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(3002);
        assertThat(config.managementPort()).isEqualTo(9001);
        assertThat(config.nodeId()).isEqualTo("node-a");
        assertThat(config.redisUrl()).isEqualTo(URI.create("redis://:secret@redis:6379"));
        assertThat(config.corsOrigins()).isEqualTo(List.of("https://a.example", "http://b.example:8080"));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxPayloadBytes()).isEqualTo(4096);
        assertThat(config.transports()).isEqualTo(Set.of(Transport.WEBSOCKET));
        assertThat(config.shutdownGrace()).isZero();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(config.allowEio3()).isTrue();
        assertThat(config.websocketCompression()).isTrue();
        assertThat(config.redisConfigFile()).isEqualTo(redisson);
        assertThat(config.clusterChannelPrefix()).isEqualTo("app-1.io");
        assertThat(config.clusterRequestTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.push()).contains("jobs:push");
        assertThat(ConfigLoader.load(new String[] {"--push-channel", "off"}, Map.of())
                        .push())
                .isEmpty();
    }

    @Test
    void conformanceProfileBringsTheReferenceServersValuesAndExplicitSettingsStillWin() {
        SkeinConfig config = ConfigLoader.load(
                new String[] {"--profile", "conformance", "--ping-timeout-ms", "250"}, Map.of("SKEIN_PORT", "4000"));

        assertThat(config.profile()).isEqualTo(Profile.CONFORMANCE);
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxPayloadBytes()).isEqualTo(1_000_000);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1_000));
        assertThat(config.corsOrigins()).containsExactly("*");
        assertThat(config.engineEcho()).isTrue();
    }

    @Test
    void errorsNameTheVariableTheValueAndTheExpectation() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_PORT", "-1")))
                .hasMessage("SKEIN_PORT : -1 (expected: 0..65535)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--max-payload-bytes", "0"}, Map.of()))
                .hasMessage("--max-payload-bytes : 0 (expected: 1..104857600)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_CORS_ORIGINS", "evil")))
                .hasMessageStartingWith("SKEIN_CORS_ORIGINS : evil (expected: origins like");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_NODE_ID", "a b")))
                .hasMessageStartingWith("SKEIN_NODE_ID : a b (expected:");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--bogus", "1"}, Map.of()))
                .hasMessageStartingWith("argument : --bogus");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_ALLOW_EIO3", "yes")))
                .hasMessage("SKEIN_ALLOW_EIO3 : yes (expected: true or false)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_CONNECT_TIMEOUT_MS", "0")))
                .hasMessage("SKEIN_CONNECT_TIMEOUT_MS : 0 (expected: > 0 ms)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_CLUSTER_CHANNEL_PREFIX", "a#b")))
                .hasMessage("SKEIN_CLUSTER_CHANNEL_PREFIX : a#b (expected: 1-100 characters, no # and no spaces)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_REDIS_CONFIG", "/nonexistent.yaml")))
                .hasMessage("SKEIN_REDIS_CONFIG : /nonexistent.yaml (expected: a readable Redisson YAML file)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_CLUSTER_REQUEST_TIMEOUT_MS", "-5")))
                .hasMessageStartingWith("SKEIN_CLUSTER_REQUEST_TIMEOUT_MS : -5 (expected:");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--port"}, Map.of()))
                .hasMessageStartingWith("--port : (missing)");
    }

    @Test
    void tlsTakesACertificateAndItsKeyAndTheNettyTransportCanBeForced(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "read when the engine starts");
        Path key = Files.writeString(dir.resolve("key.pem"), "read when the engine starts");
        Map<String, String> env = Map.of(
                "SKEIN_TLS_CERT_FILE",
                cert.toString(),
                "SKEIN_TLS_KEY_FILE",
                key.toString(),
                "SKEIN_NETTY_TRANSPORT",
                "epoll");

        SkeinConfig config = ConfigLoader.load(new String[] {"--netty-transport", "NIO"}, env);

        assertThat(config.tls()).isTrue();
        assertThat(config.tlsCertFile()).isEqualTo(cert);
        assertThat(config.tlsKeyFile()).isEqualTo(key);
        assertThat(config.nettyTransport()).isEqualTo(NettyTransport.NIO);
    }

    @Test
    void tlsErrorsNameBothSettingsOrTheFileAtFault(@TempDir Path dir) throws Exception {
        String cert = Files.writeString(dir.resolve("cert.pem"), "-").toString();
        String key = Files.writeString(dir.resolve("key.pem"), "-").toString();
        String both = "(expected: SKEIN_TLS_CERT_FILE and SKEIN_TLS_KEY_FILE both set, or neither)";

        assertThatThrownBy(() -> load("SKEIN_TLS_CERT_FILE", cert))
                .hasMessage("SKEIN_TLS_CERT_FILE : " + cert + " " + both);
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--tls-key-file", key}, Map.of()))
                .hasMessage("--tls-key-file : " + key + " " + both);
        assertThatThrownBy(() -> load("SKEIN_TLS_CERT_FILE", "/nonexistent.pem", "SKEIN_TLS_KEY_FILE", key))
                .hasMessage("SKEIN_TLS_CERT_FILE : /nonexistent.pem (expected: a readable PEM certificate chain file)");
        assertThatThrownBy(() -> load("SKEIN_TLS_CERT_FILE", cert, "SKEIN_TLS_KEY_FILE", dir.toString()))
                .hasMessage("SKEIN_TLS_KEY_FILE : " + dir + " (expected: a readable PEM private key file)");
    }

    @Test
    void nettyTransportErrorsSayWhatIsExpected() {
        assertThatThrownBy(() -> load("SKEIN_NETTY_TRANSPORT", "io_uring"))
                .hasMessage("SKEIN_NETTY_TRANSPORT : io_uring (expected: auto, epoll or nio)");
        assertThat(load("SKEIN_NETTY_TRANSPORT", "nio").nettyTransport()).isEqualTo(NettyTransport.NIO);
        assertThat(load().nettyTransport()).isEqualTo(NettyTransport.AUTO);
    }

    private static SkeinConfig load(String... variablesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            env.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        return ConfigLoader.load(new String[0], env);
    }

    @Test
    void usageListsEverySettingWithItsFlag() {
        String usage = ConfigLoader.usage();
        for (Setting setting : Setting.values()) {
            assertThat(usage).contains(setting.envName, setting.flag());
        }
    }

    @Test
    void aMisspeltVariableIsReportedWithTheSettingItResembles() {
        Map<String, String> env = Map.of(
                "SKEIN_PROT", "3001",
                "SKEIN_CORS_ORIGIN", "https://app.example",
                "SKEIN_SOMETHING_ELSE_ENTIRELY", "x",
                "SKEIN_PORT", "3001",
                "PATH", "/usr/bin");

        assertThat(ConfigLoader.warnings(env))
                .containsExactly(
                        "SKEIN_CORS_ORIGIN is not a setting of Skein and is ignored (did you mean"
                                + " SKEIN_CORS_ORIGINS?); see --help",
                        "SKEIN_PROT is not a setting of Skein and is ignored (did you mean SKEIN_PORT?); see --help",
                        "SKEIN_SOMETHING_ELSE_ENTIRELY is not a setting of Skein and is ignored; see --help");
    }

    @Test
    void kubernetesServiceLinksOfAServiceNamedSkeinAreNotReportedButTheirPortIsExplained() {
        Map<String, String> links = Map.of(
                "SKEIN_SERVICE_HOST", "10.96.0.12",
                "SKEIN_SERVICE_PORT", "3000",
                "SKEIN_SERVICE_PORT_SOCKETIO", "3000",
                "SKEIN_PORT_3000_TCP", "tcp://10.96.0.12:3000",
                "SKEIN_PORT_3000_TCP_PROTO", "tcp",
                "SKEIN_PORT_3000_TCP_ADDR", "10.96.0.12",
                "SKEIN_METRICS_PORT", "tcp://10.96.0.13:8081");

        assertThat(ConfigLoader.warnings(links)).isEmpty();
        assertThat(ConfigLoader.warnings(Map.of("SKEIN_METRICS_PORT", "8081"))).hasSize(1);
        assertThatThrownBy(() -> load("SKEIN_PORT", "tcp://10.96.0.12:3000"))
                .hasMessage("SKEIN_PORT : tcp://10.96.0.12:3000 (expected: an integer 0..65535; this is a"
                        + " Kubernetes service link of a Service named like the variable: set"
                        + " enableServiceLinks: false in the pod spec)");
    }
}
