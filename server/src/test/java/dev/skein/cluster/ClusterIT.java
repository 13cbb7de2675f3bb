package dev.skein.cluster;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.socket.Args;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
        Assumptions.assumeTrue(RedisServer.isAvailable(), "redis-server is not on the PATH (CI installs it)");
        redis = RedisServer.start();
        one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
        two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {one, two, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
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

    /** Records the {@code data} of every {@code my_response} from now on. */
    private static List<String> record(Socket client) {
        List<String> seen = new CopyOnWriteArrayList<>();
        client.on("my_response", args -> seen.add(String.valueOf(((JSONObject) args[0]).opt("data"))));
        return seen;
    }
}
