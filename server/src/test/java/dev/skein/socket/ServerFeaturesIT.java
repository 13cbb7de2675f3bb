package dev.skein.socket;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.JavaClients;
import dev.skein.testing.TestNode;
import io.socket.client.Ack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server features Socket.IO users rely on, through the Java client: connect and event middleware,
 * catch-all listeners, dynamic namespaces, broadcast acknowledgements, {@code socket.data}, the
 * disconnecting hook. Each test uses its own namespace on one shared node.
 */
class ServerFeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestNode node;
    private JavaClients clients;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void openClients() {
        clients = new JavaClients(node.url());
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void connectMiddlewareRejectsWithMessageAndDataBeforeAnyConnectionHandler() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        node.server()
                .of("/guarded")
                .use((socket, next) -> {
                    if ("let-me-in".equals(socket.handshake().auth().get("token"))) {
                        socket.data().put("user", "alice");
                        next.proceed();
                    } else {
                        next.reject("not authorized", Map.of("code", 401));
                    }
                })
                .onConnection(socket -> {
                    handled.incrementAndGet();
                    socket.on("whoami", (args, ack) -> ack.send(socket.data().get("user")));
                });

        JavaClients.Outcome refused = clients.attempt("/guarded", Map.of());
        JavaClients.Outcome wrongToken = clients.attempt("/guarded", Map.of("token", "guess"));
        io.socket.client.Socket admitted = clients.connect("/guarded", Map.of("token", "let-me-in"));

        for (JavaClients.Outcome outcome : List.of(refused, wrongToken)) {
            JSONObject error = (JSONObject) outcome.error();
            assertThat(error.getString("message")).isEqualTo("not authorized");
            assertThat(error.getJSONObject("data").getInt("code")).isEqualTo(401);
        }
        assertThat(emitWithAck(admitted, "whoami")).containsExactly("alice");
        assertThat(handled).hasValue(1);
    }

    @Test
    void middlewareMayAnswerLaterAndAThrowingOneRejects() throws Exception {
        node.server()
                .of("/slow-gate")
                .use((socket, next) -> CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                        .execute(next::proceed))
                .use((socket, next) -> {
                    if (socket.handshake().auth().containsKey("boom")) {
                        throw new IllegalStateException("middleware exploded");
                    }
                    next.proceed();
                })
                .onConnection(socket -> socket.on("ping", (args, ack) -> ack.send("pong")));

        io.socket.client.Socket client = clients.connect("/slow-gate");
        JavaClients.Outcome exploded = clients.attempt("/slow-gate", Map.of("boom", "1"));

        assertThat(emitWithAck(client, "ping")).containsExactly("pong");
        assertThat(((JSONObject) exploded.error()).getString("message")).isEqualTo("middleware exploded");
    }

    @Test
    void eventMiddlewareDropsARejectedEventAndReportsItToTheSocket() throws Exception {
        node.server().of("/checked").onConnection(socket -> {
            socket.use((event, args, next) -> {
                if (event.startsWith("admin:")) {
                    next.reject("forbidden: " + event);
                } else {
                    next.proceed();
                }
            });
            socket.onError(rejection -> socket.emit("refused", rejection.message()));
            socket.on("admin:wipe", (args, ack) -> ack.send("wiped"));
            socket.on("hello", (args, ack) -> ack.send("hi"));
        });
        io.socket.client.Socket client = clients.connect("/checked");
        BlockingQueue<Object> refused = new LinkedBlockingQueue<>();
        client.on("refused", args -> refused.add(args[0]));
        BlockingQueue<Object> wiped = new LinkedBlockingQueue<>();

        client.emit("admin:wipe", (Ack) wiped::add);

        assertThat(refused.poll(5, TimeUnit.SECONDS)).isEqualTo("forbidden: admin:wipe");
        assertThat(emitWithAck(client, "hello")).containsExactly("hi");
        assertThat(wiped).isEmpty();
    }

    @Test
    void catchAllListenersSeeEveryEventInEachDirection() throws Exception {
        List<String> incoming = new CopyOnWriteArrayList<>();
        List<String> outgoing = new CopyOnWriteArrayList<>();
        Namespace namespace = node.server().of("/spied");
        namespace.onConnection(socket -> {
            socket.onAny((event, args) -> incoming.add(event + args.asList()));
            socket.onAnyOutgoing((event, args) -> outgoing.add(event + args.asList()));
            socket.on("sync", (args, ack) -> ack.send());
        });
        io.socket.client.Socket client = clients.connect("/spied");

        client.emit("first", 1);
        client.emit("second", "two");
        emitWithAck(client, "sync");
        Socket server = namespace.sockets().values().iterator().next();
        server.emit("direct", "d");
        namespace.emit("everyone", "e");

        assertThat(incoming).containsExactly("first[1]", "second[two]", "sync[]");
        await().atMost(WAIT).until(() -> outgoing.size() == 2);
        assertThat(outgoing).containsExactly("direct[d]", "everyone[e]");
    }

    @Test
    void dynamicNamespacesAreCreatedOnDemandEachWithItsOwnRooms() throws Exception {
        NamespaceGroup boards = node.server().of(Pattern.compile("/board-\\d+"));
        boards.onConnection(socket -> {
            socket.join("lobby");
            socket.on("post", (args, ack) -> {
                socket.namespace().to("lobby").emit("posted", socket.namespace().name() + ":" + args.get(0));
                ack.send();
            });
            socket.on("sync", (args, ack) -> ack.send());
        });
        io.socket.client.Socket author = clients.connect("/board-1");
        io.socket.client.Socket sameBoard = clients.connect("/board-1");
        io.socket.client.Socket otherBoard = clients.connect("/board-2");
        BlockingQueue<Object> atSameBoard = new LinkedBlockingQueue<>();
        List<Object> atOtherBoard = new CopyOnWriteArrayList<>();
        sameBoard.on("posted", args -> atSameBoard.add(args[0]));
        otherBoard.on("posted", args -> atOtherBoard.add(args[0]));

        emitWithAck(author, "post", "hello");
        emitWithAck(otherBoard, "sync");

        assertThat(atSameBoard.poll(5, TimeUnit.SECONDS)).isEqualTo("/board-1:hello");
        assertThat(atOtherBoard).isEmpty();
        assertThat(boards.children()).extracting(Namespace::name).containsExactlyInAnyOrder("/board-1", "/board-2");
        JSONObject unmatched =
                (JSONObject) clients.attempt("/board-x", Map.of()).error();
        assertThat(unmatched.getString("message")).isEqualTo("Invalid namespace");
    }

    @Test
    void broadcastWithAckGathersEveryAnswerOrFailsWithThePartialOnesOnTimeout() throws Exception {
        Namespace namespace = node.server().of("/survey");
        for (String name : List.of("ann", "bob", "cid")) {
            io.socket.client.Socket client = clients.connect("/survey");
            client.on("vote?", args -> {
                if (!"cid".equals(name) || !"strict".equals(args[0])) {
                    ((Ack) args[args.length - 1]).call(name);
                }
            });
        }

        List<Args> all =
                namespace.emitWithAck("vote?", Duration.ofSeconds(5), "open").get(5, TimeUnit.SECONDS);
        CompletableFuture<List<Args>> partial = namespace.emitWithAck("vote?", Duration.ofMillis(300), "strict");

        assertThat(all).extracting(a -> a.get(0)).containsExactlyInAnyOrder("ann", "bob", "cid");
        assertThatThrownBy(() -> partial.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e).partialResponses())
                        .extracting(a -> a.get(0))
                        .containsExactlyInAnyOrder("ann", "bob"));
    }

    @Test
    void broadcastWithAckToNobodyCompletesAtOnceWithNoAnswers() throws Exception {
        List<Args> none = node.server()
                .of("/empty-room")
                .to("nobody-here")
                .emitWithAck("anyone?", Duration.ofSeconds(5))
                .get(1, TimeUnit.SECONDS);

        assertThat(none).isEmpty();
    }

    @Test
    void disconnectingHookStillSeesTheRoomsAndDisconnectSeesThemGone() throws Exception {
        CompletableFuture<Set<String>> whileDisconnecting = new CompletableFuture<>();
        CompletableFuture<Set<String>> afterDisconnect = new CompletableFuture<>();
        node.server().of("/leaving").onConnection(socket -> {
            socket.join("team");
            socket.onDisconnecting(reason -> whileDisconnecting.complete(socket.rooms()));
            socket.onDisconnect(reason -> afterDisconnect.complete(socket.rooms()));
        });
        io.socket.client.Socket client = clients.connect("/leaving");

        client.disconnect();

        assertThat(whileDisconnecting.get(5, TimeUnit.SECONDS)).contains("team");
        assertThat(afterDisconnect.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void volatileAndUncompressedEmitsReachAClientThatKeepsUp() throws Exception {
        node.server()
                .of("/flags")
                .onConnection(socket -> socket.on("go", (args, ack) -> {
                    socket.asVolatile().emit("tick", 1);
                    socket.compress(false).emit("tick", 2);
                    ack.send();
                }));
        io.socket.client.Socket client = clients.connect("/flags");
        BlockingQueue<Object> ticks = new LinkedBlockingQueue<>();
        client.on("tick", args -> ticks.add(args[0]));

        emitWithAck(client, "go");

        assertThat(ticks.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ticks.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
    }
}
