package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.Closing;
import dev.skein.testing.NodePeer;
import dev.skein.testing.RecoveringClient;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TcpProxy;
import dev.skein.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster of two Skein nodes with recovery on and a Node.js node ({@code socket.io} with {@code
 * @socket.io/redis-adapter}, no recovery) on one real redis-server, a client of each in one room: Skein's
 * recoverable broadcasts reach the Node.js node's client in the classic format, once, without an offset; the
 * Node.js node's broadcasts reach Skein's clients once, without an offset; and a Skein client that loses its
 * connection recovers what Skein nodes emitted meanwhile (what the Node.js node emitted meanwhile is not
 * recoverable: it was never in the stream).
 */
class MixedClusterRecoveryIT {
    private static final String ROOM = "mix";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private TestNode first;
    private TestNode second;
    private NodePeer nodeJs;
    private TcpProxy proxy;
    private RecoveringClient onFirst;
    private RecoveringClient onSecond;
    private RecoveringClient onNodeJs;

    @AfterEach
    void stop() {
        Closing.all(onFirst, onSecond, onNodeJs, proxy, nodeJs, first, second, redis);
    }

    @Test
    void nodeJsNodesKeepWorkingAndSkeinClientsRecoverWhatSkeinEmitted() {
        redis = RedisServer.start();
        first = node();
        second = node();
        nodeJs = NodePeer.start(redis.url());
        proxy = TcpProxy.start(first.server().port());
        onFirst = RecoveringClient.start("first", proxy.url(), "websocket", ROOM);
        onSecond = RecoveringClient.start("second", second.url(), "polling", ROOM);
        onNodeJs = RecoveringClient.start("nodejs", nodeJs.url(), "websocket", ROOM);
        await().atMost(WAIT).until(() -> onFirst.joined(1) && onSecond.joined(1) && onNodeJs.joined(1));

        fromSkein(1, 3);
        awaitTicks(3, onFirst, onSecond, onNodeJs);
        fromNodeJs(4, 5);
        awaitTicks(5, onFirst, onSecond, onNodeJs);

        proxy.refuse(true);
        proxy.cut();
        String id = onFirst.lastConnect().path("id").asText();
        await().atMost(WAIT).until(() -> !first.server().sockets().sockets().containsKey(id));
        fromSkein(6, 8);
        // a Skein node's recoverable events go through the stream, the Node.js node's straight: one after the other
        awaitTicks(8, onSecond, onNodeJs);
        fromNodeJs(9, 9);
        awaitTicks(9, onSecond, onNodeJs);
        proxy.refuse(false);
        await().atMost(WAIT).until(() -> onFirst.connects() == 2);
        fromSkein(10, 10);
        awaitTicks(10, onSecond, onNodeJs);
        await().atMost(WAIT).until(() -> onFirst.numbers("tick").contains(10));

        assertThat(onFirst.lastConnect().path("recovered").asBoolean()).isTrue();
        assertThat(onFirst.lastConnect().path("id").asText()).isEqualTo(id);
        assertThat(onFirst.numbers("tick"))
                .as("what Skein emitted while it was away came back; the Node.js node's 9 did not")
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 10);
        assertThat(onSecond.numbers("tick")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(onNodeJs.numbers("tick")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (JsonNode args : onNodeJs.received("tick")) {
            assertThat(args).as("the classic format: no offset").hasSize(1);
        }
        for (JsonNode args : onSecond.received("tick")) {
            boolean fromNodeJs = List.of(4, 5, 9).contains(args.path(0).asInt());
            assertThat(args).as("%s", args).hasSize(fromNodeJs ? 1 : 2);
        }
    }

    private TestNode node() {
        return TestNode.start(b -> b.redisUrl(redis.url()).recovery(r -> r.maxDisconnection(Duration.ofSeconds(30))));
    }

    private void fromSkein(int from, int to) {
        for (int n = from; n <= to; n++) {
            second.server().to(ROOM).emit("tick", n);
        }
    }

    private void fromNodeJs(int from, int to) {
        for (int n = from; n <= to; n++) {
            nodeJs.call("emit", Map.of("rooms", List.of(ROOM), "event", "tick", "args", List.of(n)));
        }
    }

    private static void awaitTicks(int last, RecoveringClient... clients) {
        for (RecoveringClient client : clients) {
            await().atMost(WAIT).until(() -> client.numbers("tick").contains(last));
        }
    }
}
