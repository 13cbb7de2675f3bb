package dev.skein.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsConfigTest {
    @Test
    void everyLimitIsOnByDefaultAndNoProxyIsTrusted() {
        LimitsConfig limits = ConfigLoader.load(new String[0], Map.of()).limits();

        assertThat(limits).isEqualTo(LimitsConfig.defaults());
        assertThat(limits.maxConnectionsPerIp()).isEqualTo(1_000);
        assertThat(limits.handshakesPerSecondPerIp()).isEqualTo(50);
        assertThat(limits.handshakeBurstPerIp()).isEqualTo(200);
        assertThat(limits.eventsPerSecond()).isEqualTo(100);
        assertThat(limits.eventBurst()).isEqualTo(200);
        assertThat(limits.eventFloodCloseSeconds()).isEqualTo(10);
        assertThat(limits.maxNamespacesPerConnection()).isEqualTo(10);
        assertThat(limits.maxRoomsPerSocket()).isEqualTo(200);
        assertThat(limits.trustedProxies()).isEmpty();
        assertThat(limits.proxyProtocol()).isFalse();
    }

    @Test
    void readsEveryLimitFromVariablesAndFlags() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("SKEIN_MAX_CONNECTIONS_PER_IP", "20"),
                Map.entry("SKEIN_HANDSHAKES_PER_SECOND_PER_IP", "0"),
                Map.entry("SKEIN_HANDSHAKE_BURST_PER_IP", "7"),
                Map.entry("SKEIN_EVENTS_PER_SECOND", "30"),
                Map.entry("SKEIN_EVENT_BURST", "60"),
                Map.entry("SKEIN_EVENT_FLOOD_CLOSE_SECONDS", "0"),
                Map.entry("SKEIN_MAX_NAMESPACES_PER_CONNECTION", "3"),
                Map.entry("SKEIN_MAX_ROOMS_PER_SOCKET", "4"),
                Map.entry("SKEIN_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7,fd00::/8"),
                Map.entry("SKEIN_PROXY_PROTOCOL", "true"));

        LimitsConfig limits = ConfigLoader.load(new String[] {"--max-rooms-per-socket", "5"}, env)
                .limits();

        assertThat(limits)
                .isEqualTo(new LimitsConfig(
                        20,
                        0,
                        7,
                        30,
                        60,
                        0,
                        3,
                        5,
                        List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.7/32"), Cidr.parse("fd00::/8")),
                        true));
    }

    @Test
    void errorsNameTheVariableTheValueAndTheExpectation() {
        assertThatThrownBy(() -> load("SKEIN_MAX_CONNECTIONS_PER_IP", "-1"))
                .hasMessage("SKEIN_MAX_CONNECTIONS_PER_IP : -1 (expected: 0..10000000 (0: no limit))");
        assertThatThrownBy(() -> load("SKEIN_EVENTS_PER_SECOND", "lots"))
                .hasMessage("SKEIN_EVENTS_PER_SECOND : lots (expected: an integer 0..10000000 (0: no limit))");
        assertThatThrownBy(() -> load("SKEIN_EVENT_BURST", "0"))
                .hasMessage("SKEIN_EVENT_BURST : 0 (expected: 1..10000000)");
        assertThatThrownBy(() -> load("SKEIN_EVENT_FLOOD_CLOSE_SECONDS", "3601"))
                .hasMessage("SKEIN_EVENT_FLOOD_CLOSE_SECONDS : 3601 (expected: 0..3600 (0: never))");
        assertThatThrownBy(() -> load("SKEIN_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal"))
                .hasMessage("SKEIN_TRUSTED_PROXIES : 10.0.0.0/8,proxy.internal"
                        + " (expected: IP addresses or CIDR blocks, e.g. 10.0.0.0/8,192.0.2.7)");
        assertThatThrownBy(() -> load("SKEIN_PROXY_PROTOCOL", "true"))
                .hasMessage("SKEIN_PROXY_PROTOCOL : true (expected: false, or true with SKEIN_TRUSTED_PROXIES"
                        + " naming the proxies that send it)");
    }

    @Test
    void unlimitedTurnsEveryCountOff() {
        LimitsConfig none = LimitsConfig.unlimited();

        assertThat(List.of(
                        none.maxConnectionsPerIp(),
                        none.handshakesPerSecondPerIp(),
                        none.eventsPerSecond(),
                        none.maxNamespacesPerConnection(),
                        none.maxRoomsPerSocket()))
                .containsOnly(0);
        assertThat(SkeinConfig.builder().limits(none).build().limits()).isEqualTo(none);
        assertThat(SkeinConfig.builder().limits(l -> l.maxRoomsPerSocket(9)).build().toBuilder()
                        .build()
                        .limits()
                        .maxRoomsPerSocket())
                .isEqualTo(9);
    }

    private static SkeinConfig load(String variable, String value) {
        return ConfigLoader.load(new String[0], Map.of(variable, value));
    }
}
