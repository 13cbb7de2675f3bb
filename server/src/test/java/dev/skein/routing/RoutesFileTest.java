package dev.skein.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.config.ConfigException;
import dev.skein.routing.config.Protocol;
import dev.skein.routing.config.RouteSpec;
import dev.skein.routing.config.RoutesFile;
import dev.skein.routing.config.RoutesSpec;
import dev.skein.socket.Args;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFileTest {
    /** The minimal routes file of issue #18, as written. */
    static final String MINIMAL = """
            services:
              orders:  { protocol: http,      instances: ["http://127.0.0.1:8001/events"] }
              feed:    { protocol: websocket, instances: ["ws://127.0.0.1:8002/feed"] }
            routes:
              - { event: "orders.*", service: orders }          # namespace "/" unless "namespace:" says otherwise
              - { method: "/api/v1/{service}/{path}" }          # the Linkis form, on any event
            """;

    @TempDir
    Path dir;

    @Test
    void theMinimalFileOfTheContractReads() throws IOException {
        RoutesSpec spec = RoutesFile.read(write(MINIMAL));

        assertThat(spec.services()).containsOnlyKeys("orders", "feed");
        assertThat(spec.services().get("orders").protocol()).isEqualTo(Protocol.HTTP);
        assertThat(spec.services().get("feed").protocol()).isEqualTo(Protocol.WEBSOCKET);
        assertThat(spec.services().get("feed").instances()).hasToString("[ws://127.0.0.1:8002/feed]");
        RouteSpec byEvent = spec.routes().get(0);
        RouteSpec linkis = spec.routes().get(1);
        assertThat(byEvent.namespace()).isEqualTo("/");
        assertThat(byEvent.timeout()).isEqualTo(RoutesFile.DEFAULT_TIMEOUT);
        assertThat(linkis.linkis()).isTrue();
        assertThat(linkis.service()).isNull();
        assertThat(byEvent.line()).isEqualTo(5);
    }

    @Test
    void eventPatternsMatchByNameAndNamespace() throws IOException {
        Route byEvent = new Route(RoutesFile.read(write(MINIMAL)).routes().get(0));

        assertThat(byEvent.serviceFor("/", "orders.create", Args.of(List.of()))).isEqualTo("orders");
        assertThat(byEvent.serviceFor("/", "orders.", Args.of(List.of()))).isEqualTo("orders");
        assertThat(byEvent.serviceFor("/", "ordersX", Args.of(List.of()))).isNull();
        assertThat(byEvent.serviceFor("/chat", "orders.create", Args.of(List.of())))
                .isNull();
    }

    @Test
    void theLinkisFormNamesTheServiceFromTheMethod() throws IOException {
        Route linkis = new Route(RoutesFile.read(write(MINIMAL)).routes().get(1));

        assertThat(linkis.serviceFor("/", "any", args(Map.of("method", "/api/v1/feed/a/b", "data", 1))))
                .isEqualTo("feed");
        assertThat(linkis.serviceFor("/", "any", args(Map.of("method", "/api/v2/feed/a"))))
                .isNull();
        assertThat(linkis.serviceFor("/", "any", args(Map.of("method", "/api/v1/feed"))))
                .isNull();
        assertThat(linkis.serviceFor("/", "any", args(Map.of("method", 7)))).isNull();
        assertThat(linkis.serviceFor("/", "any", args("/api/v1/feed/a"))).isNull();
        assertThat(linkis.serviceFor("/", "any", Args.of(List.of()))).isNull();
    }

    @Test
    void everyErrorIsOneLineWithItsLineNumber() throws IOException {
        Path file = write("""
                services:
                  orders: { protocol: http, instances: ["ftp://x/events"] }
                  feed: { protocol: carrier-pigeon, instances: ["ws://127.0.0.1:1/feed"] }
                  both: { protocol: http }
                routes:
                  - { event: "orders.*", service: ordrs }
                  - { event: "x", servce: orders }
                  - { method: "api/{service}" }
                  - { method: "/api/{service}", timeout_ms: -3 }
                """);

        assertThatThrownBy(() -> RoutesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage().split("\n"))
                        .containsExactly(
                                file + ":2: service 'orders': instance : ftp://x/events (expected: an http: or https:"
                                        + " URL with a host, such as http://10.0.0.5:8001/events)",
                                file + ":3: service 'feed': protocol : carrier-pigeon (expected: http or websocket)",
                                file + ":4: service 'both': give instances: or dns:, one of them",
                                file + ":6: route 1: service : ordrs (expected: one of [orders, both])",
                                file + ":7: route 2: unknown key 'servce' (expected: name, namespace, event, method,"
                                        + " matcher, options, service, timeout_ms, max_in_flight)",
                                file + ":7: route 2: service: missing (expected: a service of services:, or {service}"
                                        + " in method:)",
                                file + ":8: route 3: method : api/{service} (expected: a path starting with /, such as"
                                        + " /api/v1/{service}/{path})",
                                file + ":9: route 4: timeout_ms : -3 (expected: an integer 1..3600000)"));
    }

    @Test
    void brokenYamlNamesItsLine() throws IOException {
        Path file = write("services:\n  orders: { protocol: http\nroutes: []\n");

        assertThatThrownBy(() -> RoutesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: not valid YAML");
    }

    @Test
    void aCustomMatcherComesFromTheServiceLoader() throws IOException {
        Path file = write("""
                services:
                  orders: { protocol: http, instances: ["http://127.0.0.1:8001/events"] }
                routes:
                  - { matcher: prefix, options: { prefix: "shop:" }, service: orders }
                """);

        Route route = new Route(RoutesFile.read(file).routes().get(0));

        assertThat(route.serviceFor("/", "shop:buy", Args.of(List.of()))).isEqualTo("orders");
        assertThat(route.serviceFor("/", "buy", Args.of(List.of()))).isNull();
    }

    @Test
    void anUnknownMatcherOrBadOptionsStopTheStart() throws IOException {
        Path file = write("""
                services:
                  orders: { protocol: http, instances: ["http://127.0.0.1:8001/events"] }
                routes:
                  - { matcher: nosuch, service: orders }
                  - { matcher: prefix, options: { other: 1 }, service: orders }
                """);

        assertThatThrownBy(() -> RoutesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage().split("\n"))
                        .containsExactly(
                                file + ":4: route 1: matcher : nosuch (expected: one of [prefix], matchers found on the"
                                        + " class path)",
                                file + ":5: route 2: matcher prefix: options.prefix : null (expected: a string)"));
    }

    @Test
    void servicesFoundByDnsAndHooksRead() throws IOException {
        Path file = write("""
                services:
                  auth: { protocol: http, dns: { name: localhost, port: 9000, path: /hooks, refresh_ms: 1000 } }
                  feed: { protocol: websocket, instances: ["ws://127.0.0.1:8002/feed"] }
                routes:
                  - { event: "*", namespace: "*", service: auth, max_in_flight: 10 }
                hooks:
                  connect: { service: auth, namespaces: ["/"] }
                  disconnect: { service: auth }
                """);

        RoutesSpec spec = RoutesFile.read(file);

        assertThat(spec.services().get("auth").dns().name()).isEqualTo("localhost");
        assertThat(spec.services().get("auth").dns().scheme()).isEqualTo("http");
        assertThat(spec.routes().get(0).namespace()).isNull();
        assertThat(spec.connect().appliesTo("/")).isTrue();
        assertThat(spec.connect().appliesTo("/chat")).isFalse();
        assertThat(spec.disconnect().appliesTo("/chat")).isTrue();
    }

    @Test
    void aHookOnAWebSocketServiceIsRefused() throws IOException {
        Path file = write("""
                services:
                  feed: { protocol: websocket, instances: ["ws://127.0.0.1:8002/feed"] }
                routes:
                  - { event: "*", service: feed }
                hooks:
                  connect: { service: feed }
                """);

        assertThatThrownBy(() -> RoutesFile.read(file))
                .hasMessage(file + ":6: hooks: connect: service : feed (expected: an http service of services:)");
    }

    @Test
    void theExamplesRoutesFilesRead() {
        Path examples = dev.skein.testing.TestEnvironment.repoDir().resolve("examples/routing");

        RoutesSpec compose = RoutesFile.read(examples.resolve("routes.yaml"));
        RoutesSpec local = RoutesFile.read(examples.resolve("routes.local.yaml"));

        assertThat(compose.services().get("orders").dns().name()).isEqualTo("orders");
        assertThat(compose.services().get("feed").instances()).hasToString("[ws://feed:8002/feed]");
        assertThat(local.routes()).hasSameSizeAs(compose.routes());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Args args(Object first) {
        return Args.of(List.of(first));
    }
}
