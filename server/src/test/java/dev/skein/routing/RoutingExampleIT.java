package dev.skein.routing;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.config.RoutesConfig;
import dev.skein.testing.JavaClients;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import dev.skein.testing.TestNode;
import io.socket.client.Socket;
import java.io.IOException;
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
 * The routing example as a newcomer runs it (examples/routing, docs/routing.md): the Java HTTP service from its
 * one source file, the Node.js WebSocket service, {@code routes.local.yaml} on their ports, and the events of
 * the demo page's "Backend services" panel.
 */
class RoutingExampleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theDemoPagesPanelReachesBothExampleServices() throws Exception {
        int ordersPort = ServerProcess.freePort();
        int feedPort = ServerProcess.freePort();
        Path repo = TestEnvironment.repoDir();
        Process orders = new ProcessBuilder(
                        javaBin(),
                        repo.resolve("examples/src/main/java/dev/skein/examples/routing/OrdersService.java")
                                .toString(),
                        String.valueOf(ordersPort))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orders.log").toFile())
                .start();
        Process feed = startFeed(repo, feedPort);
        try {
            awaitListening(ordersPort);
            awaitListening(feedPort);
            String routes = Files.readString(repo.resolve("examples/routing/routes.local.yaml"))
                    .replace("127.0.0.1:8001", "127.0.0.1:" + ordersPort)
                    .replace("127.0.0.1:8002", "127.0.0.1:" + feedPort);
            Path file = Files.writeString(dir.resolve("routes.yaml"), routes);
            try (TestNode node = TestNode.start(b -> b.routes(new RoutesConfig(file)));
                    JavaClients clients = new JavaClients(node.url())) {
                Socket client = clients.connect("/");
                List<Object> placed = on(client, "orders.placed");
                List<Object> subscribed = on(client, "feed.subscribed");

                JSONObject order = (JSONObject)
                        emitWithAck(client, "orders.place", new JSONObject(Map.of("item", "tea", "qty", 2)))[0];
                Object sent = emitWithAck(
                        client,
                        "api",
                        new JSONObject(Map.of(
                                "method", "/api/v1/feed/subscribe", "data", new JSONObject(Map.of("topic", "news")))))[
                        0];

                assertThat(order.getString("item")).isEqualTo("tea");
                assertThat(order.getLong("qty")).isEqualTo(2);
                assertThat(order.getString("by")).isEqualTo(client.id());
                assertThat(sent).hasToString("{\"sent\":true}");
                await().atMost(WAIT).until(() -> placed.size() == 1 && subscribed.size() == 1);
                assertThat(((JSONObject) subscribed.get(0)).getString("topic")).isEqualTo("news");
                assertThat(((JSONObject) subscribed.get(0)).getString("socket")).isEqualTo(client.id());
            }
        } finally {
            orders.destroyForcibly();
            feed.destroyForcibly();
        }
    }

    /** feed.mjs from a copy beside a link to the test clients' node_modules (its {@code ws}). */
    private Process startFeed(Path repo, int port) throws IOException {
        Path copy = dir.resolve("feed");
        Files.createDirectories(copy);
        Files.copy(repo.resolve("examples/routing/feed-service/feed.mjs"), copy.resolve("feed.mjs"));
        Files.createSymbolicLink(
                copy.resolve("node_modules"),
                TestEnvironment.jsTestsDir().resolve("node_modules").toAbsolutePath());
        return new ProcessBuilder("node", "feed.mjs", String.valueOf(port))
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("feed.log").toFile())
                .start();
    }

    private static void awaitListening(int port) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (java.net.Socket probe = new java.net.Socket(TestEnvironment.LOOPBACK, port)) {
                return true;
            }
        });
    }

    private static List<Object> on(Socket client, String event) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        client.on(event, args -> seen.add(args[0]));
        return seen;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
