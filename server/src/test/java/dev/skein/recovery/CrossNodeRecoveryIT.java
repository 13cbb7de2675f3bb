package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.server.SkeinServer;
import dev.skein.testing.Closing;
import dev.skein.testing.RecoveringClient;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TcpProxy;
import dev.skein.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery between two real nodes (in this JVM) on a real redis-server, with the official JavaScript client
 * through a TCP relay that can send its next connection to the other node: a reconnect to the other node that
 * overtakes the old connection's close takes the session over (the old node drops its socket when told, and
 * its late close writes nothing over the session); and while Redis is down, recoverable emits still reach the
 * node's own clients, without an offset, and the stream carries them again once Redis is back.
 */
class CrossNodeRecoveryIT {
    private static final String ROOM = "cross";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private TestNode first;
    private TestNode second;
    private TcpProxy proxy;
    private RecoveringClient client;

    @AfterEach
    void stop() {
        Closing.all(client, proxy, first, second, redis);
    }

    @Test
    void aReconnectToAnotherNodeTakesTheSessionOverFromTheOldConnectionThatHadNotNoticed() {
        redis = RedisServer.start();
        first = node();
        second = node();
        proxy = TcpProxy.start(first.server().port());
        client = RecoveringClient.start("cross", proxy.url(), "websocket", ROOM);
        await().atMost(WAIT).until(() -> client.joined(1));
        String id = client.lastConnect().path("id").asText();
        emit(1, 3);
        await().atMost(WAIT).until(() -> client.numbers("tick").size() == 3);

        // the client's connection dies unnoticed by the first node; its next one reaches the second node
        proxy.retarget(second.server().port());
        proxy.blackhole();
        emit(4, 6);
        await().atMost(WAIT).until(() -> client.connects() == 2);
        assertThat(client.lastConnect().path("recovered").asBoolean()).isTrue();
        assertThat(client.lastConnect().path("id").asText()).isEqualTo(id);
        await().atMost(WAIT).until(() -> client.numbers("tick").size() == 6);
        await().atMost(WAIT)
                .alias("the first node drops the socket its client took elsewhere")
                .until(() -> !first.server().sockets().sockets().containsKey(id));

        // once the old connection is closed too, the session in Redis is still the second node's, written
        // through: the first node's late close (a server disconnect: forget) did not touch it
        await().atMost(WAIT).until(() -> connectedClients(first.server()) == 0);
        assertThat(redis.command("HEXISTS", "socket.io-session#/#" + pid(), "s"))
                .isEqualTo(":1");
        proxy.refuse(true);
        proxy.cut();
        await().atMost(WAIT).until(() -> !second.server().sockets().sockets().containsKey(id));
        emit(7, 8);
        proxy.refuse(false);
        await().atMost(WAIT).until(() -> client.connects() == 3);
        await().atMost(WAIT).until(() -> client.numbers("tick").size() == 8);

        assertThat(client.lastConnect().path("recovered").asBoolean()).isTrue();
        assertThat(client.lastConnect().path("id").asText()).isEqualTo(id);
        assertThat(client.numbers("tick")).containsExactlyElementsOf(range(1, 8));
        assertThat(second.server().sockets().sockets().get(id).rooms()).contains(ROOM);
    }

    @Test
    void whileRedisIsDownRecoverableEmitsStillReachLocalClientsAndTheStreamResumes() {
        redis = RedisServer.start();
        first = node();
        client = RecoveringClient.start("local", first.url(), "websocket", ROOM);
        await().atMost(WAIT).until(() -> client.joined(1));
        emit(1, 1);
        await().atMost(WAIT).until(() -> client.numbers("tick").size() == 1);

        redis.kill();
        emitFrom(first, 2, 3);
        await().atMost(WAIT).until(() -> client.numbers("tick").size() == 3);
        redis.restart();
        await().atMost(WAIT).until(() -> {
            emitFrom(first, 100, 100);
            return client.numbers("tick").contains(100) && hasOffset(last(client));
        });

        List<JsonNode> ticks = client.received("tick");
        assertThat(ticks.get(0)).as("before the outage: with its offset").hasSize(2);
        assertThat(ticks.get(1))
                .as("during the outage: delivered here, without an offset")
                .hasSize(1);
        assertThat(ticks.get(2)).hasSize(1);
        assertThat(first.server()
                        .metrics()
                        .registry()
                        .get("skein.recovery.unrecorded")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    private TestNode node() {
        return TestNode.start(b -> b.redisUrl(redis.url())
                .recovery(r -> r.maxDisconnection(Duration.ofSeconds(30)))
                .pingInterval(Duration.ofMillis(1_000))
                .pingTimeout(Duration.ofMillis(2_000)));
    }

    private void emit(int from, int to) {
        emitFrom(second != null ? second : first, from, to);
    }

    private static void emitFrom(TestNode node, int from, int to) {
        for (int n = from; n <= to; n++) {
            node.server().to(ROOM).emit("tick", n);
        }
    }

    /** The client's private session id, as the second node's socket has it. */
    private String pid() {
        return ((dev.skein.recovery.RecoverableSocket)
                        second.server().sockets().sockets().values().iterator().next())
                .pid();
    }

    private static JsonNode last(RecoveringClient client) {
        List<JsonNode> ticks = client.received("tick");
        return ticks.get(ticks.size() - 1);
    }

    private static boolean hasOffset(JsonNode args) {
        return args.size() == 2 && args.get(1).isTextual();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static double connectedClients(SkeinServer server) {
        return server.metrics()
                .registry()
                .get("skein.clients.connected")
                .gauge()
                .value();
    }
}
