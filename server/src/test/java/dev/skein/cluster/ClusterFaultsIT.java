package dev.skein.cluster;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.socket.RemoteSocket;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RawHttp;
import dev.skein.testing.RedisServer;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import dev.skein.testing.TestNode;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster losing its Redis, and losing a node to {@code kill -9}: what keeps working, what comes back. */
class ClusterFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsRedis() {}

    @Test
    void whileRedisIsGoneLocalDeliveryGoesOnAndWhenItReturnsTheClusterHeals() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestNode one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
                TestNode two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
                JavaClients clientsOfOne = new JavaClients(one.url());
                JavaClients clientsOfTwo = new JavaClients(two.url())) {
            Socket local = clientsOfOne.connect("/");
            Socket remote = clientsOfTwo.connect("/");
            BlockingQueue<Object> atLocal = listen(local);
            BlockingQueue<Object> atRemote = listen(remote);
            emitWithAck(local, "join", new JSONObject().put("room", "r"));
            emitWithAck(remote, "join", new JSONObject().put("room", "r"));

            redis.kill();
            await().atMost(WAIT).until(() -> RawHttp.get(one.managementUrl() + "/health/ready")
                    .body()
                    .contains("\"redis\":\"down\""));
            double failuresBefore = publishFailures(one);
            long emitted = System.nanoTime();
            one.server().to("r").emit("news", "while redis is gone");
            long returned = System.nanoTime();

            assertThat(atLocal.poll(5, TimeUnit.SECONDS)).isEqualTo("while redis is gone");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> publishFailures(one) > failuresBefore);
            System.out.printf(
                    "Redis down: emit returned after %.1f ms, its publish failed after %.0f ms%n",
                    (returned - emitted) / 1e6, (System.nanoTime() - emitted) / 1e6);

            assertThat(RawHttp.get(one.managementUrl() + "/health/ready").statusCode())
                    .as("a node without Redis still serves its own clients")
                    .isEqualTo(200);

            redis.restart();
            long restarted = System.nanoTime();
            await().atMost(WAIT).until(() -> RawHttp.get(one.managementUrl() + "/health/ready")
                    .body()
                    .contains("\"redis\":\"up\""));
            atRemote.clear();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                one.server().to("r").emit("news", "redis is back");
                return "redis is back".equals(atRemote.poll(200, TimeUnit.MILLISECONDS));
            });
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                two.server().to("r").emit("news", "both ways");
                return atLocal.contains("both ways");
            });
            System.out.printf(
                    "Redis back: broadcasts cross both ways again %.0f ms after its restart%n",
                    (System.nanoTime() - restarted) / 1e6);
            List<RemoteSocket> fetched =
                    one.server().sockets().in("r").fetchSockets().get(10, TimeUnit.SECONDS);
            assertThat(fetched).extracting(RemoteSocket::id).containsExactlyInAnyOrder(local.id(), remote.id());
        }
    }

    @Test
    void aNodeKilledWithSigkillVanishesFromFetchSocketsRoomsAndServerCount() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestNode survivor = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("survivor"))) {
            int port = ServerProcess.freePort();
            ServerProcess doomed = ServerProcess.onLoopback(
                    port,
                    Map.of(
                            "SKEIN_NODE_ID",
                            "doomed",
                            "SKEIN_REDIS_URL",
                            redis.url().toString()));
            try (doomed;
                    JavaClients clientsOfDoomed = new JavaClients(TestEnvironment.url(port))) {
                Socket victim = await().atMost(WAIT)
                        .ignoreExceptions()
                        .until(() -> clientsOfDoomed.connect("/"), socket -> socket != null);
                emitWithAck(victim, "join", new JSONObject().put("room", "doomed-room"));
                assertThat(survivor.server().sockets().fetchSockets().get(10, TimeUnit.SECONDS))
                        .extracting(RemoteSocket::id)
                        .contains(victim.id());
                assertThat(survivor.server().sockets().allRooms().get(10, TimeUnit.SECONDS))
                        .contains("doomed-room");

                doomed.kill();

                await().atMost(WAIT)
                        .until(() -> survivor.server().sockets().serverCount().get(5, TimeUnit.SECONDS) == 1);
                assertThat(survivor.server().sockets().fetchSockets().get(5, TimeUnit.SECONDS))
                        .extracting(RemoteSocket::id)
                        .doesNotContain(victim.id());
                assertThat(survivor.server().sockets().allRooms().get(5, TimeUnit.SECONDS))
                        .doesNotContain("doomed-room");
                assertThat(survivor.server()
                                .sockets()
                                .in("doomed-room")
                                .fetchSockets()
                                .get(5, TimeUnit.SECONDS))
                        .isEmpty();
            }
        }
    }

    private static BlockingQueue<Object> listen(Socket client) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        client.on("news", args -> queue.add(args[0]));
        return queue;
    }

    private static double publishFailures(TestNode node) {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.cluster.publish.failures")
                .count();
    }
}
