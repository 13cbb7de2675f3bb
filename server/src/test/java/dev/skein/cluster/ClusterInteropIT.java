package dev.skein.cluster;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.socket.Args;
import dev.skein.socket.RemoteSocket;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodePeer;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three Skein nodes and one Node.js node (the official {@code socket.io} 4.8 with
 * {@code @socket.io/redis-adapter} 8.3, from npm) in one cluster on a real {@code redis-server}, with a
 * real Java client on each node. Every cluster-wide operation crosses in both directions.
 */
class ClusterInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(8);

    private static RedisServer redis;
    private static final List<TestNode> skein = new ArrayList<>();
    private static NodePeer node;
    private final List<JavaClients> clientSets = new ArrayList<>();
    private final List<Socket> skeinClients = new ArrayList<>();
    private Socket nodeClient;
    private final Map<Socket, BlockingQueue<List<Object>>> received = new java.util.HashMap<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        for (int i = 1; i <= 3; i++) {
            String id = "skein-" + i;
            TestNode started = TestNode.start(b -> b.redisUrl(redis.url()).nodeId(id));
            started.server()
                    .sockets()
                    .onServerSideEmit("load?", (args, ack) -> ack.send(Map.of("node", id, "asked", args.get(0))));
            skein.add(started);
        }
        node = NodePeer.start(redis.url());
    }

    @AfterAll
    static void stopCluster() {
        List<AutoCloseable> all = new ArrayList<>(skein);
        all.add(node);
        all.add(redis);
        Closing.all(all.toArray(AutoCloseable[]::new));
    }

    @BeforeEach
    void connectAClientToEveryNode() throws Exception {
        for (TestNode started : skein) {
            skeinClients.add(connect(started.url(), started.server().config().nodeId()));
        }
        nodeClient = connect(node.url(), "node");
    }

    @AfterEach
    void closeClients() {
        clientSets.forEach(JavaClients::close);
    }

    @Test
    void broadcastsFromSkeinReachNodeClientsWithRoomsExceptAndBinary() throws Exception {
        Socket muted = skeinClients.get(2);
        joinAll("mixed");
        emitWithAck(muted, "join", new JSONObject().put("room", "muted"));

        skein.get(0).server().to("mixed").except("muted").emit("bytes", (Object) new byte[] {1, 2, (byte) 255}, "text");

        for (Socket client : List.of(skeinClients.get(0), skeinClients.get(1), nodeClient)) {
            List<Object> args = received.get(client).poll(8, TimeUnit.SECONDS);
            assertThat(args).as("at " + client.id()).isNotNull();
            assertThat((byte[]) args.get(0)).containsExactly(1, 2, 255);
            assertThat(args.get(1)).isEqualTo("text");
        }
        assertNothingMoreArrives(muted);
    }

    @Test
    void broadcastsFromNodeReachSkeinClientsWithRoomsExceptAndBinary() throws Exception {
        joinAll("mixed");
        emitWithAck(skeinClients.get(1), "join", new JSONObject().put("room", "muted"));

        node.call(
                "emit",
                Map.of(
                        "rooms", List.of("mixed"),
                        "except", List.of("muted"),
                        "event", "bytes",
                        "args", List.of(Map.of("$bin", "0700ff"), "from node")));

        for (Socket client : List.of(skeinClients.get(0), skeinClients.get(2), nodeClient)) {
            List<Object> args = received.get(client).poll(8, TimeUnit.SECONDS);
            assertThat(args).as("at " + client.id()).isNotNull();
            assertThat((byte[]) args.get(0)).containsExactly(7, 0, 255);
            assertThat(args.get(1)).isEqualTo("from node");
        }
        assertNothingMoreArrives(skeinClients.get(1));
    }

    @Test
    void fetchSocketsFromSkeinFindsNodeSocketsAndReachesThem() throws Exception {
        joinAll("fetched");

        List<RemoteSocket> found =
                skein.get(0).server().sockets().in("fetched").fetchSockets().get(8, TimeUnit.SECONDS);

        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrderElementsOf(allIds());
        RemoteSocket atNode = found.stream()
                .filter(s -> s.id().equals(nodeClient.id()))
                .findFirst()
                .orElseThrow();
        assertThat(atNode.rooms()).contains("fetched", nodeClient.id());
        assertThat(atNode.data()).containsEntry("node", "node");
        assertThat(atNode.handshake().auth()).containsEntry("name", "node");
        assertThat(atNode.handshake().queryParam("EIO")).isEqualTo("4");

        atNode.emit("bytes", "direct");
        assertThat(received.get(nodeClient).poll(8, TimeUnit.SECONDS)).containsExactly("direct");
    }

    @Test
    void fetchSocketsFromNodeFindsSkeinSocketsAndReachesThem() throws Exception {
        joinAll("fetched");

        JsonNode found = node.call("fetchSockets", Map.of("rooms", List.of("fetched")));

        List<String> ids = new ArrayList<>();
        found.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(allIds());
        JsonNode atSkein = find(found, skeinClients.get(1).id());
        assertThat(atSkein.get("auth").get("name").asText()).isEqualTo("skein-2");
        assertThat(atSkein.get("query").get("EIO").asText()).isEqualTo("4");
        assertThat(atSkein.get("rooms").toString()).contains("fetched");
        assertThat(atSkein.get("issued").asLong()).isPositive();

        node.call(
                "remoteEmit",
                Map.of("socketId", skeinClients.get(1).id(), "event", "bytes", "args", List.of("from a node")));
        assertThat(received.get(skeinClients.get(1)).poll(8, TimeUnit.SECONDS)).containsExactly("from a node");
    }

    @Test
    void socketsJoinLeaveAndDisconnectCrossBothWays() throws Exception {
        Socket skeinClient = skeinClients.get(2);

        skein.get(0).server().sockets().in(nodeClient.id()).socketsJoin("joined-by-skein");
        node.call("socketsJoin", Map.of("rooms", List.of(skeinClient.id()), "join", List.of("joined-by-node")));

        await().atMost(WAIT).until(() -> node.call("localRooms", Map.of("socketId", nodeClient.id()))
                .toString()
                .contains("joined-by-skein"));
        await().atMost(WAIT).until(() -> skein.get(2)
                .server()
                .sockets()
                .to("joined-by-node")
                .localSocketIds()
                .contains(skeinClient.id()));

        node.call("socketsLeave", Map.of("rooms", List.of(skeinClient.id()), "leave", List.of("joined-by-node")));
        skein.get(1).server().sockets().in(nodeClient.id()).socketsLeave("joined-by-skein");
        await().atMost(WAIT).until(() -> skein.get(2)
                .server()
                .sockets()
                .to("joined-by-node")
                .localSocketIds()
                .isEmpty());
        await().atMost(WAIT).until(() -> !node.call("localRooms", Map.of("socketId", nodeClient.id()))
                .toString()
                .contains("joined-by-skein"));

        BlockingQueue<Object> skeinReason = new LinkedBlockingQueue<>();
        BlockingQueue<Object> nodeReason = new LinkedBlockingQueue<>();
        skeinClient.on(Socket.EVENT_DISCONNECT, args -> skeinReason.add(args[0]));
        nodeClient.on(Socket.EVENT_DISCONNECT, args -> nodeReason.add(args[0]));
        node.call("disconnectSockets", Map.of("rooms", List.of(skeinClient.id())));
        skein.get(0).server().sockets().in(nodeClient.id()).disconnectSockets(false);
        assertThat(skeinReason.poll(8, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        assertThat(nodeReason.poll(8, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }

    @Test
    void serverSideEmitWithAcksCrossesBothWays() throws Exception {
        List<Object> fromSkein = skein.get(0)
                .server()
                .sockets()
                .serverSideEmitWithAck("load?", WAIT, "cpu")
                .get(10, TimeUnit.SECONDS);
        JsonNode fromNode = node.call("serverSideEmitWithAck", Map.of("event", "load?", "args", List.of("mem")));
        skein.get(1).server().sockets().serverSideEmit("news", "for every server");

        assertThat(fromSkein)
                .containsExactlyInAnyOrder(
                        Map.of("node", "skein-2", "asked", "cpu"),
                        Map.of("node", "skein-3", "asked", "cpu"),
                        Map.of("node", "node", "asked", "cpu"));
        List<String> answeredBy = new ArrayList<>();
        fromNode.forEach(answer -> {
            answeredBy.add(answer.get("node").asText());
            assertThat(answer.get("asked").asText()).isEqualTo("mem");
        });
        assertThat(answeredBy).containsExactlyInAnyOrder("skein-1", "skein-2", "skein-3");
        JsonNode news = node.nextEvent(WAIT);
        assertThat(news).isNotNull();
        assertThat(news.get("args").get(0).asText()).isEqualTo("for every server");
    }

    @Test
    void broadcastWithAcksGathersEveryClientOfBothImplementations() throws Exception {
        List<Args> fromSkein =
                skein.get(2).server().sockets().emitWithAck("vote?", WAIT).get(10, TimeUnit.SECONDS);
        JsonNode fromNode = node.call("emitWithAck", Map.of("event", "vote?", "timeout", 5000));

        assertThat(fromSkein)
                .extracting(a -> a.get(0))
                .containsExactlyInAnyOrder("skein-1", "skein-2", "skein-3", "node");
        List<String> votes = new ArrayList<>();
        fromNode.forEach(vote -> votes.add(vote.asText()));
        assertThat(votes).containsExactlyInAnyOrder("skein-1", "skein-2", "skein-3", "node");
    }

    @Test
    void allRoomsAndServerCountAgreeOnBothSides() throws Exception {
        emitWithAck(nodeClient, "join", new JSONObject().put("room", "room-at-node"));
        emitWithAck(skeinClients.get(0), "join", new JSONObject().put("room", "room-at-skein"));

        assertThat(skein.get(1).server().sockets().allRooms().get(8, TimeUnit.SECONDS))
                .contains("room-at-node", "room-at-skein", nodeClient.id());
        assertThat(node.call("allRooms").toString()).contains("room-at-node", "room-at-skein");
        assertThat(skein.get(0).server().sockets().serverCount().get(8, TimeUnit.SECONDS))
                .isEqualTo(4);
        assertThat(node.call("serverCount").asInt()).isEqualTo(4);
    }

    /** A client on {@code url}, named {@code name} in its auth, that records {@code bytes} and votes. */
    private Socket connect(String url, String name) throws Exception {
        JavaClients clients = new JavaClients(url);
        clientSets.add(clients);
        Socket client = clients.connect("/", Map.of("name", name));
        BlockingQueue<List<Object>> queue = new LinkedBlockingQueue<>();
        received.put(client, queue);
        client.on("bytes", args -> queue.add(List.of(args)));
        client.on("vote?", args -> ((Ack) args[args.length - 1]).call(name));
        return client;
    }

    private void joinAll(String room) throws Exception {
        for (Socket client : allClients()) {
            emitWithAck(client, "join", new JSONObject().put("room", room));
        }
    }

    private List<Socket> allClients() {
        List<Socket> all = new ArrayList<>(skeinClients);
        all.add(nodeClient);
        return all;
    }

    private List<String> allIds() {
        return allClients().stream().map(Socket::id).toList();
    }

    /** A round trip through the broadcaster's cluster reaches every node before anything sent earlier could be late. */
    private void assertNothingMoreArrives(Socket client) throws Exception {
        skein.get(0).server().sockets().in(client.id()).emit("bytes", "marker");
        List<Object> next = received.get(client).poll(8, TimeUnit.SECONDS);
        assertThat(next).containsExactly("marker");
    }

    private static JsonNode find(JsonNode sockets, String id) {
        for (JsonNode socket : sockets) {
            if (socket.get("id").asText().equals(id)) {
                return socket;
            }
        }
        throw new AssertionError("no socket " + id + " in " + sockets);
    }
}
