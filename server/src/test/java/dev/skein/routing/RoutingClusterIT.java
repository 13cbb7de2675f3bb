package dev.skein.routing;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.config.RoutesConfig;
import dev.skein.testing.HttpBackendService;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.socket.client.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend routing in a two-node cluster on a real {@code redis-server}: the actions of a service's answer apply
 * cluster-wide, and a service found by DNS is reached.
 */
class RoutingClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aServicesActionsApplyAcrossTheCluster() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                RedisServer redis = RedisServer.start()) {
            Path routes = routes("""
                    services:
                      orders: { protocol: http, instances: ["%s"] }
                    routes:
                      - { event: "orders.*", service: orders }
                    """.formatted(orders.url()));
            try (TestNode one = TestNode.start(
                            b -> b.redisUrl(redis.url()).nodeId("one").routes(new RoutesConfig(routes)));
                    TestNode two = TestNode.start(
                            b -> b.redisUrl(redis.url()).nodeId("two").routes(new RoutesConfig(routes)));
                    JavaClients onOne = new JavaClients(one.url());
                    JavaClients onTwo = new JavaClients(two.url())) {
                Socket sender = onOne.connect("/");
                Socket member = onTwo.connect("/");
                Socket outsider = onTwo.connect("/");
                List<Object> toMember = news(member);
                List<Object> toOutsider = news(outsider);
                List<Object> toSender = news(sender);

                JSONObject joined =
                        (JSONObject) emitWithAck(member, "orders.join", new JSONObject(Map.of("room", "r1")))[0];
                Object[] shouted =
                        emitWithAck(sender, "orders.shout", new JSONObject(Map.of("room", "r1", "text", "hi")));

                assertThat(joined.getString("joined")).isEqualTo("r1");
                assertThat(shouted[0]).hasToString("{\"shouted\":true}");
                await().atMost(WAIT).until(() -> toMember.size() == 1);
                assertThat(toMember).containsExactly("hi");
                JSONObject seen = (JSONObject) emitWithAck(member, "orders.who")[0];
                assertThat(seen.getString("node")).isEqualTo("two");
                assertThat(seen.get("rooms").toString()).contains("\"r1\"");
                assertThat(toOutsider).isEmpty();
                assertThat(toSender).isEmpty();
            }
        }
    }

    @Test
    void aServiceFoundByDnsIsReached() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-dns")) {
            int port = java.net.URI.create(orders.url()).getPort();
            Path routes = routes("""
                    services:
                      orders: { protocol: http, dns: { name: localhost, port: %d, path: /events, refresh_ms: 500 } }
                    routes:
                      - { event: "orders.*", service: orders }
                    """.formatted(port));
            try (TestNode node = TestNode.start(b -> b.routes(new RoutesConfig(routes)));
                    JavaClients clients = new JavaClients(node.url())) {
                Socket client = clients.connect("/");

                JSONObject answer = (JSONObject) emitWithAck(client, "orders.create", 1)[0];

                assertThat(answer.getString("instance")).isEqualTo("orders-dns");
                assertThat(node.server().metrics().scrape())
                        .contains("skein_route_requests_total{instance=\"127.0.0.1:" + port + "\",route=\"orders.*\"");
            }
        }
    }

    private Path routes(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "routes", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<Object> news(Socket client) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        client.on("orders.news", args -> seen.add(args[0]));
        return seen;
    }
}
