package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.server.SkeinServer;
import dev.skein.socket.Socket;
import dev.skein.testing.RecoveringClient;
import dev.skein.testing.TcpProxy;
import dev.skein.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection state recovery on a node alone, with the official JavaScript client (v4) through a TCP relay that
 * loses its connections: the client gets its socket back ({@code socket.recovered}, the same id, its rooms)
 * and every event it missed exactly once, in order, then the live ones; also when it reconnects before the
 * node noticed its old connection was gone. The edges with raw packets are in {@link RecoveryEdgesIT}.
 */
class RecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestNode node;
    /** The reasons the node's sockets disconnected with, by socket id. */
    private static final Map<String, List<String>> reasons = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.recovery(r -> r.maxDisconnection(Duration.ofSeconds(30)))
                .pingInterval(Duration.ofMillis(1_000))
                .pingTimeout(Duration.ofMillis(2_000)));
        node.server()
                .sockets()
                .onConnection(socket -> socket.onDisconnect(reason -> reasons.computeIfAbsent(
                                socket.id(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(reason)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void missedEventsArriveOnceInOrderAfterTheConnectionIsCut(String transport) {
        SkeinServer server = node.server();
        String room = "cut-" + transport;
        try (TcpProxy proxy = TcpProxy.start(server.port());
                RecoveringClient client = RecoveringClient.start("cut", proxy.url(), transport, room)) {
            await().atMost(WAIT).until(() -> client.joined(1));
            String id = client.lastConnect().path("id").asText();
            emitTicks(room, 1, 5);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 5);

            proxy.refuse(true);
            proxy.cut();
            await().atMost(WAIT).until(() -> !server.sockets().sockets().containsKey(id));
            assertThat(reasons.get(id)).containsExactly("transport close");
            emitTicks(room, 6, 15);
            server.to(room).asVolatile().emit("volatile-tick", 1);
            server.to(id).emit("direct", 1);
            proxy.refuse(false);

            await().atMost(WAIT).until(() -> client.connects() == 2);
            assertThat(client.lastConnect().path("recovered").asBoolean()).isTrue();
            assertThat(client.lastConnect().path("id").asText()).isEqualTo(id);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 15);
            emitTicks(room, 16, 20);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 20);

            assertThat(client.numbers("tick")).containsExactlyElementsOf(range(1, 20));
            assertOffsetsIncrease(client.received("tick"));
            assertThat(client.numbers("direct")).containsExactly(1);
            assertThat(client.received("volatile-tick"))
                    .as("a volatile event is not recovered")
                    .isEmpty();
            assertThat(client.lines("joined"))
                    .as("its rooms came back: it did not join again")
                    .hasSize(1);
            assertThat(server.sockets().sockets().get(id).rooms()).contains(room);
        }
    }

    @Test
    void aReconnectThatOvertakesTheOldConnectionsCloseRecoversAndKeepsItsRooms() {
        SkeinServer server = node.server();
        String room = "zombie";
        try (TcpProxy proxy = TcpProxy.start(server.port());
                RecoveringClient client = RecoveringClient.start("zombie", proxy.url(), "websocket", room)) {
            await().atMost(WAIT).until(() -> client.joined(1));
            String id = client.lastConnect().path("id").asText();
            Socket old = server.sockets().sockets().get(id);
            emitTicks(room, 1, 3);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 3);

            // the client's end goes; the node's end stays open, silent, until its ping timeout (3 s)
            proxy.blackhole();
            emitTicks(room, 4, 8);
            await().atMost(WAIT).until(() -> client.connects() == 2);
            assertThat(client.lastConnect().path("recovered").asBoolean()).isTrue();
            assertThat(client.lastConnect().path("id").asText()).isEqualTo(id);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 8);
            assertThat(old.connected())
                    .as("the socket of the old connection made way")
                    .isFalse();
            assertThat(reasons.get(id)).containsExactly("server namespace disconnect");

            // the old connection's late close (its ping timeout) leaves the recovered socket alone
            await().atMost(WAIT).until(() -> connectedClients(server) == 1);
            emitTicks(room, 9, 10);
            await().atMost(WAIT).until(() -> client.numbers("tick").size() == 10);
            assertThat(client.numbers("tick")).containsExactlyElementsOf(range(1, 10));
            Socket recovered = server.sockets().sockets().get(id);
            assertThat(recovered.recovered()).isTrue();
            assertThat(recovered.rooms()).containsExactlyInAnyOrder(id, room);
            assertThat(reasons.get(id)).hasSize(1);
        }
    }

    private static void emitTicks(String room, int from, int to) {
        for (int n = from; n <= to; n++) {
            node.server().to(room).emit("tick", n);
        }
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    /** Each event's last argument is its offset, a string, and they increase. */
    static void assertOffsetsIncrease(List<JsonNode> events) {
        List<Long> offsets = new ArrayList<>();
        for (JsonNode args : events) {
            JsonNode offset = args.get(args.size() - 1);
            assertThat(offset.isTextual()).as("offset of %s", args).isTrue();
            offsets.add(Long.parseLong(offset.asText()));
        }
        assertThat(offsets).isSorted().doesNotHaveDuplicates();
    }

    private static double connectedClients(SkeinServer server) {
        return server.metrics()
                .registry()
                .get("skein.clients.connected")
                .gauge()
                .value();
    }
}
