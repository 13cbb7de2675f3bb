package dev.skein.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrAndClientAddressesTest {
    private static final ClientAddresses BEHIND_PROXIES =
            new ClientAddresses(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.0.2.7")));

    @Test
    void blocksContainTheirAddressesAndOnlyThose() {
        Cidr v4 = Cidr.parse("172.16.0.0/12");
        assertThat(v4.contains(ip("172.16.0.1"))).isTrue();
        assertThat(v4.contains(ip("172.31.255.255"))).isTrue();
        assertThat(v4.contains(ip("172.32.0.0"))).isFalse();
        assertThat(v4.contains(ip("::ffff:172.20.0.1"))).as("IPv4-mapped").isTrue();
        assertThat(v4.contains(ip("fd00::1"))).isFalse();

        Cidr v6 = Cidr.parse("2001:db8:abcd::/48");
        assertThat(v6.contains(ip("2001:db8:abcd:12::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db8:abce::1"))).isFalse();

        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.7"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.8"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3/8")).as("host bits cleared").isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse(" 10.1.2.3/8 ")).hasToString("10.0.0.0/8");
    }

    @Test
    void onlyIpLiteralsParseAndNothingAsksDns() {
        for (String bad : List.of(
                "localhost",
                "example.com",
                "cafe",
                "face:",
                "10.0.0.0/33",
                "::1/129",
                "1.2.3",
                "10.0.0.256",
                "10.0.0.0/x",
                "",
                "/8",
                ".1:2")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Cidr.parseAddress("unknown")).isNull();
        assertThat(Cidr.parseAddress("2001:db8::1")).isEqualTo(ip("2001:db8::1"));
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertThat(BEHIND_PROXIES.resolve(ip("203.0.113.5"), List.of("198.51.100.1")))
                .isEqualTo(ip("203.0.113.5"));
        assertThat(new ClientAddresses(List.of()).resolve(ip("10.0.0.1"), List.of("198.51.100.1")))
                .isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedEntryIsTheClient() {
        // the client spoofed 1.1.1.1; the edge proxy appended the client's real address, then an inner one
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("1.1.1.1, 198.51.100.1, 10.9.9.9")))
                .isEqualTo(ip("198.51.100.1"));
        // several header lines read as one list
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("1.1.1.1", "198.51.100.1", "192.0.2.7")))
                .isEqualTo(ip("198.51.100.1"));
        assertThat(BEHIND_PROXIES.resolve(ip("fd00::5"), List.of("[2001:db8::77]:4711")))
                .isEqualTo(ip("2001:db8::77"));
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1:4711")))
                .isEqualTo(ip("198.51.100.1"));
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("2001:db8::9")))
                .isEqualTo(ip("2001:db8::9"));
    }

    @Test
    void whenEveryEntryIsTrustedTheLeftMostIsTheClient() {
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("10.1.1.1, 10.2.2.2")))
                .isEqualTo(ip("10.1.1.1"));
    }

    @Test
    void anEntryThatIsNoAddressStopsAtTheTrustedHopThatPassedItOn() {
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1, unknown, 10.3.3.3")))
                .isEqualTo(ip("10.3.3.3"));
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1,,")))
                .isEqualTo(ip("10.0.0.2"));
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("evil.example.com")))
                .isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void aLongChainIsReadNoFurtherThanMaxHops() {
        String chain = "198.51.100.1, " + "10.0.0.1, ".repeat(ClientAddresses.MAX_HOPS + 5) + "10.0.0.9";
        assertThat(BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of(chain))).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertThat(ClientAddresses.limitKey(ip("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.limitKey(ip("2001:db8:1:2:bbbb::2")))
                .isEqualTo(ip("2001:db8:1:2::"));
        assertThat(ClientAddresses.limitKey(ip("2001:db8:1:3::1"))).isNotEqualTo(ip("2001:db8:1:2::"));
        assertThat(ClientAddresses.limitKey(ip("198.51.100.1"))).isEqualTo(ip("198.51.100.1"));
    }

    private static InetAddress ip(String literal) {
        InetAddress address = Cidr.parseAddress(literal);
        assertThat(address).as(literal).isNotNull();
        return address;
    }
}
