package dev.skein.cluster;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.skein.adapter.ClusterRequestException;
import dev.skein.socket.Args;
import dev.skein.socket.RemoteSocket;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two Skein nodes sharing a real {@code redis-server}, with a Java client on each. */
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static RedisServer redis;
    private static TestNode one;
    private static TestNode two;
    private JavaClients clientsOfOne;
    private JavaClients clientsOfTwo;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
        two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
    }

    @AfterAll
    static void stopCluster() {
        Closing.all(one, two, redis);
    }

    @BeforeEach
    void openClients() {
        clientsOfOne = new JavaClients(one.url());
        clientsOfTwo = new JavaClients(two.url());
    }

    @AfterEach
    void closeClients() {
        clientsOfOne.close();
        clientsOfTwo.close();
    }

    @Test
    void roomBroadcastCrossesToTheOtherNodeAndReachesOnlyTheRoom() throws Exception {
        Socket sender = clientsOfOne.connect("/");
        Socket member = clientsOfTwo.connect("/");
        Socket outsider = clientsOfTwo.connect("/");
        emitWithAck(member, "join", new JSONObject().put("room", "crossing"));
        List<String> atMember = record(member);
        List<String> atOutsider = record(outsider);

        emitWithAck(
                sender,
                "my_room_event",
                new JSONObject().put("room", "crossing").put("data", "over redis"));

        await().atMost(WAIT).until(() -> atMember.contains("over redis"));
        emitWithAck(
                sender,
                "my_room_event",
                new JSONObject().put("room", "crossing").put("data", "sync"));
        await().atMost(WAIT).until(() -> atMember.contains("sync"));
        assertThat(atOutsider).isEmpty();
    }

    @Test
    void serverBroadcastWithExceptAndBinaryReachesEveryNode() throws Exception {
        Socket atOne = clientsOfOne.connect("/");
        Socket atTwo = clientsOfTwo.connect("/");
        Socket excluded = clientsOfTwo.connect("/");
        emitWithAck(excluded, "join", new JSONObject().put("room", "muted"));
        BlockingQueue<Object> gotOne = new LinkedBlockingQueue<>();
        BlockingQueue<Object> gotTwo = new LinkedBlockingQueue<>();
        List<Object> gotExcluded = new CopyOnWriteArrayList<>();
        atOne.on("bytes", args -> gotOne.add(args[0]));
        atTwo.on("bytes", args -> gotTwo.add(args[0]));
        excluded.on("bytes", args -> gotExcluded.add(args[0]));

        one.server().except("muted").emit("bytes", (Object) new byte[] {7, 0, (byte) 255});

        assertThat((byte[]) gotOne.poll(5, TimeUnit.SECONDS)).containsExactly(7, 0, 255);
        assertThat((byte[]) gotTwo.poll(5, TimeUnit.SECONDS)).containsExactly(7, 0, 255);
        one.server().to("muted").emit("bytes", (Object) new byte[] {1});
        await().atMost(WAIT).until(() -> gotExcluded.size() == 1);
        assertThat((byte[]) gotExcluded.get(0)).containsExactly(1);
    }

    @Test
    void socketsJoinOnOneNodeMovesSocketsOfTheOther() throws Exception {
        Socket remote = clientsOfTwo.connect("/");
        List<String> atRemote = record(remote);

        one.server().sockets().to().socketsJoin("club");
        await().atMost(WAIT)
                .until(() -> !two.server().sockets().to("club").localSocketIds().isEmpty());
        one.server().to("club").emit("my_response", java.util.Map.of("data", "welcome"));

        await().atMost(WAIT).until(() -> atRemote.contains("welcome"));
    }

    @Test
    void broadcastWithAckGathersTheAnswersOfEveryNodesClients() throws Exception {
        for (JavaClients clients : List.of(clientsOfOne, clientsOfTwo)) {
            Socket client = clients.connect("/");
            client.on("vote?", args -> ((Ack) args[args.length - 1]).call(clients == clientsOfOne ? "one" : "two"));
        }

        List<Args> answers = one.server()
                .sockets()
                .to()
                .except("nobody")
                .emitWithAck("vote?", Duration.ofSeconds(5))
                .get(6, TimeUnit.SECONDS);

        assertThat(answers).extracting(a -> a.get(0)).contains("one", "two");
    }

    @Test
    void broadcastForARoomWithNoMemberHereIsSkippedBeforeDecoding() {
        double before = two.server()
                .metrics()
                .registry()
                .counter("skein.cluster.messages.skipped")
                .count();

        one.server().to("nobody-on-two").emit("lost", 1);

        await().atMost(WAIT)
                .until(() -> two.server()
                                .metrics()
                                .registry()
                                .counter("skein.cluster.messages.skipped")
                                .count()
                        > before);
    }

    @Test
    void fetchSocketsFromEitherNodeDescribesEverySocketAndReachesItWhereItIs() throws Exception {
        Socket ann = clientsOfOne.connect("/", Map.of("name", "ann"));
        Socket bob = clientsOfTwo.connect("/", Map.of("name", "bob"));
        for (Socket client : List.of(ann, bob)) {
            emitWithAck(client, "join", new JSONObject().put("room", "fetched"));
        }
        two.server().sockets().sockets().get(bob.id()).data().put("role", "admin");

        List<RemoteSocket> fromOne =
                one.server().sockets().in("fetched").fetchSockets().get(6, TimeUnit.SECONDS);
        List<RemoteSocket> fromTwo =
                two.server().sockets().in("fetched").fetchSockets().get(6, TimeUnit.SECONDS);

        assertThat(fromOne).extracting(RemoteSocket::id).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(fromTwo).extracting(RemoteSocket::id).containsExactlyInAnyOrder(ann.id(), bob.id());
        RemoteSocket remoteBob = fromOne.stream()
                .filter(s -> s.id().equals(bob.id()))
                .findFirst()
                .orElseThrow();
        assertThat(remoteBob.rooms()).containsExactlyInAnyOrder(bob.id(), "fetched");
        assertThat(remoteBob.data()).containsEntry("role", "admin");
        assertThat(remoteBob.handshake().auth()).containsEntry("name", "bob");
        assertThat(remoteBob.handshake().queryParam("EIO")).isEqualTo("4");
        assertThat(remoteBob.handshake().time())
                .isBefore(java.time.Instant.now().plusSeconds(1));

        List<String> atBob = record(bob);
        remoteBob.emit("my_response", Map.of("data", "found you"));
        await().atMost(WAIT).until(() -> atBob.contains("found you"));
        remoteBob.join("vip");
        await().atMost(WAIT)
                .until(() -> two.server().sockets().to("vip").localSocketIds().contains(bob.id()));
        remoteBob.leave("vip");
        await().atMost(WAIT)
                .until(() -> two.server().sockets().to("vip").localSocketIds().isEmpty());
        BlockingQueue<Object> reasons = new LinkedBlockingQueue<>();
        bob.on(Socket.EVENT_DISCONNECT, args -> reasons.add(args[0]));
        remoteBob.disconnect(false);
        assertThat(reasons.poll(5, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }

    @Test
    void serverSideEmitReachesTheOtherNodesHandlersAndGathersTheirAnswers() throws Exception {
        BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
        two.server().sockets().onServerSideEmit("news", (args, ack) -> heard.add(args.get(0)));
        two.server()
                .sockets()
                .onServerSideEmit("load?", (args, ack) -> ack.send(Map.of("node", "two", "asked", args.get(0))));

        one.server().sockets().serverSideEmit("news", "hello servers");
        List<Object> answers = one.server()
                .sockets()
                .serverSideEmitWithAck("load?", WAIT, "cpu")
                .get(6, TimeUnit.SECONDS);

        assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("hello servers");
        assertThat(answers).containsExactly(Map.of("node", "two", "asked", "cpu"));
        assertThatThrownBy(() -> one.server().sockets().serverSideEmit("connection"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"connection\" is a reserved event name");
    }

    @Test
    void allRoomsAndServerCountCoverEveryNode() throws Exception {
        Socket atOne = clientsOfOne.connect("/");
        Socket atTwo = clientsOfTwo.connect("/");
        emitWithAck(atOne, "join", new JSONObject().put("room", "room-on-one"));
        emitWithAck(atTwo, "join", new JSONObject().put("room", "room-on-two"));

        assertThat(one.server().sockets().allRooms().get(6, TimeUnit.SECONDS))
                .contains("room-on-one", "room-on-two", atOne.id(), atTwo.id());
        assertThat(two.server().sockets().allRooms().get(6, TimeUnit.SECONDS)).contains("room-on-one", "room-on-two");
        assertThat(one.server().sockets().serverCount().get(6, TimeUnit.SECONDS))
                .isEqualTo(2);
    }

    @Test
    void requestsThatANodeLeavesUnansweredTimeOutWithPartialResultsAndAClearError() throws Exception {
        two.server().of("/quiet").onServerSideEmit("count?", (args, ack) -> ack.send(2));
        Socket atTwo = clientsOfTwo.connect("/quiet");
        try (RedisLink silent = RedisLink.connect(redis.url(), "silent-node");
                TestNode three = TestNode.start(
                        b -> b.redisUrl(redis.url()).nodeId("three").clusterRequestTimeout(Duration.ofMillis(300)))) {
            silent.subscribe("socket.io-request#/quiet#", bytes -> {})
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);

            Throwable emitFailure = catchThrowable(() -> three.server()
                    .of("/quiet")
                    .serverSideEmitWithAck("count?", Duration.ofMillis(300))
                    .get(5, TimeUnit.SECONDS));
            Throwable fetchFailure = catchThrowable(
                    () -> three.server().of("/quiet").fetchSockets().get(5, TimeUnit.SECONDS));

            assertThat(emitFailure).isInstanceOf(ExecutionException.class);
            ClusterRequestException emitTimeout = (ClusterRequestException) emitFailure.getCause();
            assertThat(emitTimeout.timedOut()).isTrue();
            assertThat(List.<Object>copyOf(emitTimeout.partialResults())).containsExactly(2);
            assertThat(emitTimeout.getMessage())
                    .isEqualTo("serverSideEmitWithAck timed out after 300 ms: 1 of 2 other nodes answered");
            ClusterRequestException fetchTimeout = (ClusterRequestException) fetchFailure.getCause();
            assertThat(fetchTimeout.partialResults())
                    .extracting(s -> ((dev.skein.adapter.SocketSnapshot) s).id())
                    .containsExactly(atTwo.id());
            assertThat(fetchTimeout.getMessage()).startsWith("fetchSockets timed out after 300 ms: 1 of 2");
        }
    }

    /** Records the {@code data} of every {@code my_response} from now on. */
    /**
     * The {@code my_response} data {@code client} gets from now on, but the demo's welcome ({@code
     * "Connected"}): on a loaded machine the client may dispatch it after the recorder is attached.
     */
    private static List<String> record(Socket client) {
        List<String> seen = new CopyOnWriteArrayList<>();
        client.on("my_response", args -> {
            String data = String.valueOf(((JSONObject) args[0]).opt("data"));
            if (!"Connected".equals(data)) {
                seen.add(data);
            }
        });
        return seen;
    }
}
