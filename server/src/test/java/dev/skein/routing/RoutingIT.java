package dev.skein.routing;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.config.RoutesConfig;
import dev.skein.testing.HttpBackendService;
import dev.skein.testing.JavaClients;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestNode;
import dev.skein.testing.WsBackendProcess;
import io.socket.client.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend routing against real services started here: an HTTP service (the JDK's server, {@link
 * HttpBackendService}) and a WebSocket service in Node.js ({@code ws-backend.mjs}, the {@code ws} package), a
 * real Skein node on loopback and real Socket.IO clients.
 */
class RoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void eventsRouteByPatternAndByTheLinkisFormAndAreAcknowledgedWithTheServicesAnswers() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                WsBackendProcess feed = WsBackendProcess.start("feed-1");
                TestNode node = node(RoutesFileTest.MINIMAL
                        .replace("http://127.0.0.1:8001/events", orders.url())
                        .replace("ws://127.0.0.1:8002/feed", feed.url()));
                JavaClients clients = new JavaClients(node.url())) {
            Socket client = clients.connect("/");

            JSONObject byEvent = (JSONObject) emitWithAck(client, "orders.create", Map.of("item", 7))[0];
            JSONObject byMethod = (JSONObject) emitWithAck(
                    client, "api", new JSONObject(Map.of("method", "/api/v1/orders/items/7", "data", "x")))[0];

            assertThat(byEvent.getString("instance")).isEqualTo("orders-1");
            assertThat(byEvent.getString("event")).isEqualTo("orders.create");
            assertThat(byEvent.getString("socket")).isEqualTo(client.id());
            assertThat(byEvent.getString("node")).isEqualTo("test-node");
            assertThat(json(byEvent).path("rooms").toString()).isEqualTo("[\"" + client.id() + "\"]");
            assertThat(byMethod.getString("method")).isEqualTo("/api/v1/orders/items/7");
            assertThat(byMethod.getString("data")).isEqualTo("x");
            JsonNode body = orders.received().get(0);
            assertThat(body.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("node", "event", "args", "socket");
            assertThat(body.path("socket").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("id", "namespace", "rooms", "data");
            assertThat(body.path("args").toString()).isEqualTo("[{\"item\":7}]");
        }
    }

    @Test
    void aWebSocketServicesPushesReachTheRightClientOnly() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                WsBackendProcess feed = WsBackendProcess.start("feed-1");
                TestNode node = node(minimal(orders, feed));
                JavaClients clients = new JavaClients(node.url())) {
            Socket first = clients.connect("/");
            Socket second = clients.connect("/");
            List<JSONObject> toFirst = replies(first);
            List<JSONObject> toSecond = replies(second);

            Object[] ack = emitWithAck(first, "api", new JSONObject(Map.of("method", "/api/v1/feed/news", "data", 1)));
            emitWithAck(second, "api", new JSONObject(Map.of("method", "/api/v1/feed/sport", "data", 2)));

            assertThat(ack[0]).hasToString("{\"sent\":true}");
            await().atMost(WAIT).until(() -> toFirst.size() == 1 && toSecond.size() == 1);
            assertThat(toFirst.get(0).getString("method")).isEqualTo("/api/v1/feed/news");
            assertThat(toFirst.get(0).getString("socket")).isEqualTo(first.id());
            assertThat(toSecond.get(0).getString("method")).isEqualTo("/api/v1/feed/sport");
            assertThat(toSecond.get(0).getString("socket")).isEqualTo(second.id());
            emitWithAck(first, "api", new JSONObject(Map.of("method", "/api/v1/feed/more", "data", 3)));
            await().atMost(WAIT).until(() -> toFirst.size() == 2);
            assertThat(feed.count("open")).isEqualTo(2); // one channel per client, opened once
            assertThat(toSecond).hasSize(1);
            assertThat(node.server().metrics().scrape())
                    .contains("skein_route_channels_open{instance=\"127.0.0.1:")
                    .contains("service=\"feed\"} 2.0")
                    .contains("skein_route_pushes_total{outcome=\"delivered\",service=\"feed\"} 3.0");
        }
    }

    @Test
    void eventsNoRouteTakesGetAnErrorAckAndHandlersStillComeFirst() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                WsBackendProcess feed = WsBackendProcess.start("feed-1");
                TestNode node = node(minimal(orders, feed));
                JavaClients clients = new JavaClients(node.url())) {
            Socket client = clients.connect("/");

            assertThat(emitWithAck(client, "nothing.here", 1)[0]).hasToString("{\"error\":\"no route\"}");
            assertThat(emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/nosuch/x")))[0])
                    .hasToString("{\"error\":\"no route\"}");
            assertThat(emitWithAck(client, "echo", "local")).containsExactly("local");
            assertThat(emitWithAck(client, "orders.fail")[0]).hasToString("{\"error\":\"status 500\"}");
            assertThat(emitWithAck(client, "orders.junk")[0]).hasToString("{\"error\":\"bad answer\"}");
            assertThat(node.server().metrics().scrape())
                    .contains("skein_route_unrouted_total 2.0")
                    .contains("skein_route_errors_total{instance=\"127.0.0.1:")
                    .contains("reason=\"status 500\"");
        }
    }

    @Test
    void aServiceThatNeverAnswersGivesATimeoutAckAndOtherClientsAreServed() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                TestNode node = node("""
                        services:
                          orders: { protocol: http, instances: ["%s"] }
                        routes:
                          - { event: "orders.slow", service: orders, timeout_ms: 1500, max_in_flight: 1 }
                          - { event: "orders.*", service: orders }
                        """.formatted(orders.url()));
                JavaClients clients = new JavaClients(node.url())) {
            Socket stuck = clients.connect("/");
            Socket other = clients.connect("/");
            CompletableFuture<Object[]> slow = new CompletableFuture<>();
            stuck.emit("orders.slow", new Object[] {1, (io.socket.client.Ack) slow::complete});
            await().atMost(WAIT).until(() -> !orders.received("orders.slow").isEmpty());

            JSONObject served = (JSONObject) emitWithAck(other, "orders.create", 2)[0];
            Object refused = emitWithAck(other, "orders.slow", 3)[0];

            assertThat(served.getString("socket")).isEqualTo(other.id());
            assertThat(refused).hasToString("{\"error\":\"busy\"}"); // the route's one place is taken
            assertThat(slow.get(10, TimeUnit.SECONDS)[0]).hasToString("{\"error\":\"timeout\"}");
            assertThat(emitWithAck(other, "orders.create", 3)[0]).isInstanceOf(JSONObject.class);
        }
    }

    @Test
    void twoInstancesShareTheLoadAndAKilledOneIsLeftOut() throws Exception {
        try (HttpBackendService a = HttpBackendService.start("orders-a");
                HttpBackendService b = HttpBackendService.start("orders-b");
                WsBackendProcess feedA = WsBackendProcess.start("feed-a");
                WsBackendProcess feedB = WsBackendProcess.start("feed-b");
                TestNode node = node("""
                        services:
                          orders: { protocol: http, instances: ["%s", "%s"] }
                          feed: { protocol: websocket, instances: ["%s", "%s"] }
                        routes:
                          - { event: "orders.*", service: orders }
                          - { method: "/api/v1/{service}/{path}" }
                        """.formatted(a.url(), b.url(), feedA.url(), feedB.url()));
                JavaClients clients = new JavaClients(node.url())) {
            Socket client = clients.connect("/");
            for (int i = 0; i < 10; i++) {
                emitWithAck(client, "orders.create", i);
            }
            assertThat(a.received()).hasSizeBetween(1, 9);
            assertThat(b.received()).hasSizeBetween(1, 9);

            a.close();
            Set<String> after = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                after.add(((JSONObject) emitWithAck(client, "orders.create", i)[0]).getString("instance"));
            }
            assertThat(after).containsExactly("orders-b");

            List<JSONObject> replies = replies(client);
            List<Object> closed = events(client, "route_closed");
            emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/feed/x")));
            await().atMost(WAIT).until(() -> replies.size() == 1);
            String first = replies.get(0).getString("instance");
            (first.equals("feed-a") ? feedA : feedB).close();
            await().atMost(WAIT).until(() -> closed.size() == 1);
            assertThat(closed.get(0)).hasToString("{\"service\":\"feed\"}");

            assertThat(emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/feed/y")))[0])
                    .hasToString("{\"sent\":true}");
            await().atMost(WAIT).until(() -> replies.size() == 2);
            assertThat(replies.get(1).getString("instance")).isNotEqualTo(first);
        }
    }

    @Test
    void aClientLeavingClosesItsChannelsAndAServiceClosingOneTellsTheClient() throws Exception {
        try (HttpBackendService orders = HttpBackendService.start("orders-1");
                WsBackendProcess feed = WsBackendProcess.start("feed-1");
                TestNode node = node(minimal(orders, feed));
                JavaClients clients = new JavaClients(node.url())) {
            Socket leaving = clients.connect("/");
            Socket staying = clients.connect("/");
            List<Object> closed = events(staying, "route_closed");
            emitWithAck(leaving, "api", new JSONObject(Map.of("method", "/api/v1/feed/x")));
            emitWithAck(staying, "api", new JSONObject(Map.of("method", "/api/v1/feed/x")));
            String leavingId = leaving.id();
            await().atMost(WAIT).until(() -> feed.printed("open", leavingId) && feed.printed("open", staying.id()));

            leaving.disconnect();

            await().atMost(WAIT).until(() -> feed.printed("closed", leavingId));
            assertThat(feed.printed("closed", staying.id())).isFalse();
            emitWithAck(staying, "api", new JSONObject(Map.of("method", "/api/v1/feed/close")));
            await().atMost(WAIT).until(() -> closed.size() == 1);
            assertThat(emitWithAck(staying, "api", new JSONObject(Map.of("method", "/api/v1/feed/again")))[0])
                    .hasToString("{\"sent\":true}");
            await().atMost(WAIT).until(() -> feed.count("open") == 3);
        }
    }

    @Test
    void aChannelWhoseServiceAnswersNoPingIsClosedAndTheClientToldWhileALiveOneStays() throws Exception {
        try (WsBackendProcess hung = WsBackendProcess.start("hung", "silent");
                WsBackendProcess live = WsBackendProcess.start("live");
                TestNode node = node("""
                        services:
                          feed: { protocol: websocket, instances: ["%s"], ping_interval_ms: 200 }
                          live: { protocol: websocket, instances: ["%s"], ping_interval_ms: 200 }
                        routes:
                          - { method: "/api/v1/{service}/{path}" }
                        """.formatted(hung.url(), live.url()));
                JavaClients clients = new JavaClients(node.url())) {
            Socket client = clients.connect("/");
            List<Object> closed = events(client, "route_closed");
            List<JSONObject> replies = replies(client);

            assertThat(emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/feed/x")))[0])
                    .hasToString("{\"sent\":true}");
            emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/live/x")));

            await().atMost(WAIT).until(() -> closed.size() == 1);
            assertThat(closed.get(0)).hasToString("{\"service\":\"feed\"}");
            await().atMost(WAIT).until(() -> hung.printed("closed", client.id()));
            // the live service answered its pings as long: its channel is the same one
            emitWithAck(client, "api", new JSONObject(Map.of("method", "/api/v1/live/y")));
            await().atMost(WAIT)
                    .until(() -> replies.stream()
                                    .filter(r -> "live".equals(r.optString("instance")))
                                    .count()
                            == 2);
            assertThat(live.count("open")).isEqualTo(1);
            assertThat(live.count("closed")).isZero();
            assertThat(closed).hasSize(1);
        }
    }

    @Test
    void connectAndDisconnectHooksDecideAndHear() throws Exception {
        try (HttpBackendService auth = HttpBackendService.start("auth");
                TestNode node = node("""
                        services:
                          auth: { protocol: http, instances: ["%s"] }
                        routes:
                          - { event: "orders.*", namespace: "*", service: auth }
                        hooks:
                          connect: { service: auth, namespaces: ["/hooked"] }
                          disconnect: { service: auth, namespaces: ["/hooked"] }
                        """.formatted(auth.url()));
                JavaClients clients = new JavaClients(node.url())) {
            node.server().of("/hooked");

            JavaClients.Outcome refused = clients.attempt("/hooked", Map.of("token", "bad"));
            Socket admitted = clients.connect("/hooked", Map.of("token", "good", "user", "ann"));
            JSONObject seen = (JSONObject) emitWithAck(admitted, "orders.whoami")[0];
            String id = admitted.id();
            admitted.disconnect();

            assertThat(refused.error()).isInstanceOf(JSONObject.class);
            assertThat(((JSONObject) refused.error()).getString("message")).isEqualTo("go away");
            assertThat(((JSONObject) refused.error()).getJSONObject("data").getInt("code"))
                    .isEqualTo(403);
            assertThat(seen.getJSONObject("socketData").getString("user")).isEqualTo("ann");
            assertThat(json(seen).path("rooms").toString()).contains("\"vip\"", "\"" + id + "\"");
            await().atMost(WAIT).until(() -> auth.received("disconnect").size() == 1);
            assertThat(auth.received("disconnect")
                            .get(0)
                            .path("socket")
                            .path("id")
                            .asText())
                    .isEqualTo(id);
            assertThat(auth.received("disconnect").get(0).path("reason").asText())
                    .isEqualTo("client namespace disconnect");
            assertThat(clients.connect("/").connected()).isTrue(); // "/" has no hook
            assertThat(auth.received("connect")).hasSize(2);
        }
    }

    @Test
    void aBadRoutesFileStopsTheNodeWithTheLineOfEachError() throws Exception {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, """
                services:
                  orders: { protocol: http, instances: ["http://127.0.0.1:1/events"] }
                routes:
                  - { event: "orders.*", service: ordrs }
                """);
        try (ServerProcess process = ServerProcess.start(
                Map.of("SKEIN_ROUTES_FILE", file.toString(), "SKEIN_PORT", "0", "SKEIN_MGMT_PORT", "0"))) {
            assertThat(process.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(process.output())
                    .contains(
                            "skein: " + file + ":4: route 1: service : ordrs (expected: one of [orders]); see --help");
        }
    }

    private TestNode node(String routes) throws Exception {
        Path file = Files.createTempFile(dir, "routes", ".yaml");
        Files.writeString(file, routes);
        return TestNode.start(b -> b.routes(new RoutesConfig(file)));
    }

    private static String minimal(HttpBackendService orders, WsBackendProcess feed) {
        return RoutesFileTest.MINIMAL
                .replace("http://127.0.0.1:8001/events", orders.url())
                .replace("ws://127.0.0.1:8002/feed", feed.url());
    }

    private static JsonNode json(Object value) throws Exception {
        return new ObjectMapper().readTree(value.toString());
    }

    private static List<JSONObject> replies(Socket client) {
        List<JSONObject> replies = new CopyOnWriteArrayList<>();
        client.on("feed.reply", args -> replies.add((JSONObject) args[0]));
        return replies;
    }

    private static List<Object> events(Socket client, String event) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        client.on(event, args -> seen.add(args.length > 0 ? args[0] : JSONArray.class));
        return seen;
    }
}
