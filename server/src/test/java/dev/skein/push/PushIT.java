package dev.skein.push;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.emitter.SkeinEmitter;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodeScript;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
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
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Backend pushes reaching exactly the targeted clients of two Skein nodes on a real Redis, by each path:
 * the official Node.js {@code @socket.io/redis-emitter}, the Java {@code SkeinEmitter}, and a raw JSON
 * {@code PUBLISH} on {@code skein:push}.
 */
class PushIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(8);

    private static RedisServer redis;
    private static TestNode one;
    private static TestNode two;
    private static RedissonClient redisson;
    private static final BlockingQueue<Object> serverSideAtOne = new LinkedBlockingQueue<>();
    private static final BlockingQueue<Object> serverSideAtTwo = new LinkedBlockingQueue<>();

    private JavaClients clientsOfOne;
    private JavaClients clientsOfTwo;
    /** In "news" on node one. */
    private Socket newsAtOne;
    /** In "news" on node two. */
    private Socket newsAtTwo;
    /** In "news" and "muted" on node one. */
    private Socket mutedAtOne;
    /** In no room on node two. */
    private Socket outsiderAtTwo;

    private final Map<Socket, BlockingQueue<List<Object>>> received = new java.util.HashMap<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
        two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
        one.server().sockets().onServerSideEmit("hello-servers", (args, ack) -> serverSideAtOne.add(args.get(0)));
        two.server().sockets().onServerSideEmit("hello-servers", (args, ack) -> serverSideAtTwo.add(args.get(0)));
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url().toString());
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void stopCluster() {
        if (redisson != null) {
            redisson.shutdown();
        }
        Closing.all(one, two, redis);
    }

    @BeforeEach
    void connectClients() throws Exception {
        clientsOfOne = new JavaClients(one.url());
        clientsOfTwo = new JavaClients(two.url());
        newsAtOne = connect(clientsOfOne, "news");
        newsAtTwo = connect(clientsOfTwo, "news");
        mutedAtOne = connect(clientsOfOne, "news", "muted");
        outsiderAtTwo = connect(clientsOfTwo);
        serverSideAtOne.clear();
        serverSideAtTwo.clear();
    }

    @AfterEach
    void closeClients() {
        clientsOfOne.close();
        clientsOfTwo.close();
    }

    @Test
    void theOfficialNodeEmitterReachesExactlyTheTargetedClients() throws Exception {
        emitWithNode(Map.of(
                "op", "emit",
                "rooms", List.of("news"),
                "except", List.of("muted"),
                "event", "alert",
                "args", List.of(Map.of("text", "from node"), Map.of("$bin", "00ff10"))));

        for (Socket client : List.of(newsAtOne, newsAtTwo)) {
            List<Object> args = received.get(client).poll(8, TimeUnit.SECONDS);
            assertThat(args).as("at " + client.id()).isNotNull();
            assertThat(((JSONObject) args.get(0)).getString("text")).isEqualTo("from node");
            assertThat((byte[]) args.get(1)).containsExactly(0, 255, 16);
        }
        assertNothingElseFor(mutedAtOne, one);
        assertNothingElseFor(outsiderAtTwo, two);
    }

    @Test
    void theOfficialNodeEmittersRoomOperationsAndServerSideEmitReachEveryNode() throws Exception {
        emitWithNode(
                Map.of("op", "socketsJoin", "rooms", List.of(outsiderAtTwo.id()), "join", List.of("joined")),
                Map.of("op", "serverSideEmit", "event", "hello-servers", "args", List.of("from the node emitter")));
        await().atMost(WAIT)
                .until(() ->
                        two.server().sockets().to("joined").localSocketIds().contains(outsiderAtTwo.id()));
        assertThat(serverSideAtOne.poll(8, TimeUnit.SECONDS)).isEqualTo("from the node emitter");
        assertThat(serverSideAtTwo.poll(8, TimeUnit.SECONDS)).isEqualTo("from the node emitter");

        emitWithNode(
                Map.of("op", "socketsLeave", "rooms", List.of(outsiderAtTwo.id()), "leave", List.of("joined")),
                Map.of(
                        "op",
                        "emit",
                        "nsp",
                        "/",
                        "volatile",
                        true,
                        "rooms",
                        List.of("news"),
                        "event",
                        "alert",
                        "args",
                        List.of("volatile")));
        await().atMost(WAIT)
                .until(() ->
                        two.server().sockets().to("joined").localSocketIds().isEmpty());
        assertThat(received.get(newsAtTwo).poll(8, TimeUnit.SECONDS)).containsExactly("volatile");

        BlockingQueue<Object> reasons = new LinkedBlockingQueue<>();
        newsAtTwo.on(Socket.EVENT_DISCONNECT, args -> reasons.add(args[0]));
        emitWithNode(Map.of("op", "disconnectSockets", "rooms", List.of(newsAtTwo.id())));
        assertThat(reasons.poll(8, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        assertThat(pushes(two, "socket.io-request#/#", "accepted")).isGreaterThanOrEqualTo(4);
        assertThat(pushes(two, "socket.io#/#", "accepted")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theJavaEmitterReachesExactlyTheTargetedClientsAndOperatesOnRooms() throws Exception {
        SkeinEmitter emitter = SkeinEmitter.create(redisson);

        emitter.to("news").except("muted").emit("alert", Map.of("text", "from java"), new byte[] {1, 2});

        for (Socket client : List.of(newsAtOne, newsAtTwo)) {
            List<Object> args = received.get(client).poll(8, TimeUnit.SECONDS);
            assertThat(args).as("at " + client.id()).isNotNull();
            assertThat(((JSONObject) args.get(0)).getString("text")).isEqualTo("from java");
            assertThat((byte[]) args.get(1)).containsExactly(1, 2);
        }
        assertNothingElseFor(mutedAtOne, one);
        assertNothingElseFor(outsiderAtTwo, two);

        emitter.in(outsiderAtTwo.id()).socketsJoin("joined-by-java");
        emitter.serverSideEmitAsync("hello-servers", "from the java emitter")
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> two.server()
                .sockets()
                .to("joined-by-java")
                .localSocketIds()
                .contains(outsiderAtTwo.id()));
        assertThat(serverSideAtOne.poll(8, TimeUnit.SECONDS)).isEqualTo("from the java emitter");
        assertThat(serverSideAtTwo.poll(8, TimeUnit.SECONDS)).isEqualTo("from the java emitter");
    }

    @Test
    void aJsonPublishOnSkeinPushReachesExactlyTheTargetedClients() throws Exception {
        assertThat(
                        redis.command(
                                "PUBLISH",
                                "skein:push",
                                "{\"nsp\":\"/\",\"rooms\":[\"news\"],\"except\":[\"muted\"],\"event\":\"alert\",\"data\":[{\"text\":\"hi\"}]}"))
                .isEqualTo(":2");

        for (Socket client : List.of(newsAtOne, newsAtTwo)) {
            List<Object> args = received.get(client).poll(8, TimeUnit.SECONDS);
            assertThat(args).as("at " + client.id()).isNotNull();
            assertThat(((JSONObject) args.get(0)).getString("text")).isEqualTo("hi");
        }
        assertNothingElseFor(mutedAtOne, one);
        assertNothingElseFor(outsiderAtTwo, two);
    }

    @Test
    void malformedJsonPushesAreDroppedAndCountedAndTheNodeGoesOn() throws Exception {
        double rejectedBefore = pushes(one, "skein:push", "rejected");
        double acceptedBefore = pushes(one, "skein:push", "accepted");
        List<String> malformed = List.of(
                "{not json",
                "[1,2]",
                "{\"rooms\":[\"news\"]}",
                "{\"event\":\"disconnect\"}",
                "{\"event\":\"alert\",\"data\":\"not-an-array\"}",
                "{\"event\":\"alert\",\"rooms\":\"news\"}",
                "{\"event\":\"alert\",\"room\":[\"news\"]}",
                "{\"event\":\"alert\",\"nsp\":\"chat\"}",
                "{\"event\":7}");
        for (String message : malformed) {
            redis.command("PUBLISH", "skein:push", message);
        }
        redis.command(
                "PUBLISH",
                "skein:push",
                "{\"rooms\":[\"news\"],\"event\":\"alert\",\"data\":[\"after the bad ones\"]}");

        assertThat(received.get(newsAtOne).poll(8, TimeUnit.SECONDS)).containsExactly("after the bad ones");
        assertThat(received.get(newsAtTwo).poll(8, TimeUnit.SECONDS)).containsExactly("after the bad ones");
        assertThat(pushes(one, "skein:push", "rejected") - rejectedBefore).isEqualTo(malformed.size());
        assertThat(pushes(one, "skein:push", "accepted") - acceptedBefore).isEqualTo(1);
        assertThat(pushes(two, "skein:push", "rejected")).isGreaterThanOrEqualTo(malformed.size());
        assertThat(one.server().metrics().scrape())
                .contains("skein_push_messages_total{channel=\"skein:push\",outcome=\"rejected\"}");
    }

    /** A client on {@code clients}' node, in {@code rooms}, recording every {@code alert}. */
    private Socket connect(JavaClients clients, String... rooms) throws Exception {
        Socket client = clients.connect("/");
        for (String room : rooms) {
            emitWithAck(client, "join", new JSONObject().put("room", room));
        }
        BlockingQueue<List<Object>> queue = new LinkedBlockingQueue<>();
        received.put(client, queue);
        client.on("alert", args -> queue.add(List.of(args)));
        return client;
    }

    /**
     * Once a push reached a node's targets, that node has handled it for all its clients: a marker sent
     * now through the same node is the next thing {@code client} gets only if the push skipped it.
     */
    private void assertNothingElseFor(Socket client, TestNode node) throws Exception {
        node.server().sockets().to(client.id()).local().emit("alert", "marker");
        assertThat(received.get(client).poll(8, TimeUnit.SECONDS)).containsExactly("marker");
    }

    @SafeVarargs
    private static void emitWithNode(Map<String, Object>... operations) throws Exception {
        List<Map<String, Object>> ops = new ArrayList<>(List.of(operations));
        NodeScript.runScript("emitter.mjs", redis.url().toString(), JSON.writeValueAsString(ops));
    }

    private static double pushes(TestNode node, String channel, String outcome) {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.push.messages", "channel", channel, "outcome", outcome)
                .count();
    }
}
