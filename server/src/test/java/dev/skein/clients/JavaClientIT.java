package dev.skein.clients;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import dev.skein.testing.TestNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code io.socket:socket.io-client} 2.1 (the Java client) against a real node. */
class JavaClientIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestNode node;
    private final List<io.socket.client.Socket> clients = new ArrayList<>();
    private final java.util.Map<io.socket.client.Socket, java.util.concurrent.atomic.AtomicReference<String>>
            transports = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(io.socket.client.Socket::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void connectsOverEachTransportAndAcksBothWays(String mode) throws Exception {
        io.socket.client.Socket client = connect(mode);
        client.on("question", args -> ((Ack) args[args.length - 1]).call("java says " + args[0]));
        BlockingQueue<Object> answered = new LinkedBlockingQueue<>();
        client.on("answered", args -> answered.add(args[0]));

        Object[] ack = emitWithAck(client, "echo", "x", 42, new JSONObject().put("k", "v"));
        client.emit("ask-me", "ready?");

        assertThat(ack).hasSize(3);
        assertThat(ack[0]).isEqualTo("x");
        assertThat(ack[1]).isEqualTo(42);
        assertThat(((JSONObject) ack[2]).getString("k")).isEqualTo("v");
        assertThat(answered.poll(5, TimeUnit.SECONDS)).isEqualTo("java says ready?");
        if ("upgrade".equals(mode)) {
            await().atMost(WAIT).until(() -> "websocket".equals(transportOf(client)));
        }
        assertThat(transportOf(client)).isEqualTo("polling".equals(mode) ? "polling" : "websocket");
    }

    @Test
    void serverAckTimesOutWhenTheClientNeverAnswers() throws Exception {
        CompletableFuture<Socket> serverSide = nextServerSocket();
        connect("websocket");
        Socket socket = serverSide.get(5, TimeUnit.SECONDS);

        CompletableFuture<Args> reply = socket.emitWithAck("question", Duration.ofMillis(200), "unanswered");

        await().atMost(WAIT).until(reply::isDone);
        assertThat(reply).isCompletedExceptionally();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void roomBroadcastReachesExactlyTheRoomMembers(String mode) throws Exception {
        io.socket.client.Socket a = connect(mode);
        io.socket.client.Socket b = connect(mode);
        io.socket.client.Socket c = connect(mode);
        emitWithAck(a, "join", new JSONObject().put("room", "lobby"));
        emitWithAck(b, "join", new JSONObject().put("room", "lobby"));
        List<String> atA = record(a);
        List<String> atB = record(b);
        List<String> atC = record(c);

        emitWithAck(a, "my_room_event", new JSONObject().put("room", "lobby").put("data", "hi lobby"));

        await().atMost(WAIT).until(() -> atA.contains("hi lobby") && atB.contains("hi lobby"));
        emitWithAck(c, "my_event", new JSONObject().put("data", "sync"));
        assertThat(atC).containsExactly("sync");
        assertThat(atA).containsExactly("hi lobby");
    }

    @Test
    void leaveStopsRoomBroadcasts() throws Exception {
        io.socket.client.Socket a = connect("websocket");
        io.socket.client.Socket b = connect("websocket");
        emitWithAck(a, "join", new JSONObject().put("room", "r"));
        emitWithAck(b, "join", new JSONObject().put("room", "r"));
        emitWithAck(b, "leave", new JSONObject().put("room", "r"));
        List<String> atB = record(b);

        emitWithAck(a, "my_room_event", new JSONObject().put("room", "r").put("data", "after leave"));
        emitWithAck(b, "my_event", new JSONObject().put("data", "sync"));

        assertThat(atB).containsExactly("sync");
    }

    @Test
    void broadcastFromASocketSkipsTheSender() throws Exception {
        io.socket.client.Socket a = connect("websocket");
        io.socket.client.Socket b = connect("websocket");
        BlockingQueue<Object> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Object> atB = new LinkedBlockingQueue<>();
        a.on("shouted", args -> atA.add(args[0]));
        b.on("shouted", args -> atB.add(args[0]));

        a.emit("shout", "hello all");

        assertThat(atB.poll(5, TimeUnit.SECONDS)).isEqualTo("hello all");
        emitWithAck(a, "echo", "sync");
        assertThat(atA).isEmpty();
    }

    @Test
    void serverSideDisconnectEndsTheSession() throws Exception {
        io.socket.client.Socket client = connect("websocket");
        BlockingQueue<Object> reasons = new LinkedBlockingQueue<>();
        client.on(io.socket.client.Socket.EVENT_DISCONNECT, args -> reasons.add(args[0]));

        client.emit("disconnect_request");

        assertThat(reasons.poll(5, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        await().atMost(WAIT).until(() -> node.server().sockets().sockets().isEmpty());
    }

    @Test
    void demoGreetsEachConnectionWithTheNodeId() throws Exception {
        BlockingQueue<JSONObject> greetings = new LinkedBlockingQueue<>();

        connect("websocket", client -> client.on("my_response", args -> greetings.add((JSONObject) args[0])));

        JSONObject greeting = greetings.poll(5, TimeUnit.SECONDS);
        assertThat(greeting).isNotNull();
        assertThat(greeting.getString("data")).isEqualTo("Connected");
        assertThat(greeting.getString("node")).isEqualTo("test-node");
        assertThat(greeting.getInt("count")).isZero();
    }

    @Test
    void demoBroadcastEventReachesEveryClient() throws Exception {
        io.socket.client.Socket a = connect("websocket");
        io.socket.client.Socket b = connect("polling");
        List<String> atA = record(a);
        List<String> atB = record(b);

        emitWithAck(a, "my_broadcast_event", new JSONObject().put("data", "to all"));

        await().atMost(WAIT).until(() -> atA.contains("to all") && atB.contains("to all"));
    }

    @Test
    void demoCloseRoomNotifiesTheRoomThenEmptiesIt() throws Exception {
        io.socket.client.Socket a = connect("websocket");
        io.socket.client.Socket b = connect("websocket");
        emitWithAck(a, "join", new JSONObject().put("room", "doomed"));
        emitWithAck(b, "join", new JSONObject().put("room", "doomed"));
        List<String> atA = record(a);
        List<String> atB = record(b);

        emitWithAck(a, "close_room", new JSONObject().put("room", "doomed"));
        emitWithAck(a, "my_room_event", new JSONObject().put("room", "doomed").put("data", "anyone?"));
        emitWithAck(b, "my_event", new JSONObject().put("data", "sync"));

        assertThat(atA).containsExactly("Room doomed is closing.");
        assertThat(atB).containsExactly("Room doomed is closing.", "sync");
        assertThat(node.server().sockets().adapter().sockets(java.util.Set.of("doomed")))
                .isEmpty();
    }

    @Test
    void demoAnswersBadInputWithAnErrorAndKeepsTheClient() throws Exception {
        io.socket.client.Socket client = connect("websocket");

        Object[] reply = emitWithAck(client, "join", new JSONObject().put("room", ""));

        assertThat(((JSONObject) reply[0]).getString("message")).contains("room must be a non-empty string");
        assertThat(emitWithAck(client, "echo", "still here")).containsExactly("still here");
    }

    private CompletableFuture<Socket> nextServerSocket() {
        CompletableFuture<Socket> next = new CompletableFuture<>();
        node.server().sockets().onConnection(next::complete);
        return next;
    }

    private io.socket.client.Socket connect(String mode) throws Exception {
        return connect(mode, client -> {});
    }

    /** Connects, running {@code beforeConnect} first (to listen for what arrives with the connection). */
    private io.socket.client.Socket connect(
            String mode, java.util.function.Consumer<io.socket.client.Socket> beforeConnect) throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(
                        switch (mode) {
                            case "polling" -> new String[] {"polling"};
                            case "websocket" -> new String[] {"websocket"};
                            default -> new String[] {"polling", "websocket"};
                        })
                .build();
        io.socket.client.Socket client = IO.socket(URI.create(node.url()), options);
        clients.add(client);
        java.util.concurrent.atomic.AtomicReference<String> transport =
                new java.util.concurrent.atomic.AtomicReference<>();
        transports.put(client, transport);
        client.io()
                .on(
                        io.socket.client.Manager.EVENT_TRANSPORT,
                        args -> transport.set(((io.socket.engineio.client.Transport) args[0]).name));
        CompletableFuture<Void> connected = new CompletableFuture<>();
        client.once(io.socket.client.Socket.EVENT_CONNECT, args -> connected.complete(null));
        client.once(
                io.socket.client.Socket.EVENT_CONNECT_ERROR,
                args -> connected.completeExceptionally(new AssertionError(args[0])));
        beforeConnect.accept(client);
        client.connect();
        connected.get(5, TimeUnit.SECONDS);
        return client;
    }

    private String transportOf(io.socket.client.Socket client) {
        return transports.get(client).get();
    }

    /** Records the {@code data} of every {@code my_response} from now on. */
    private static List<String> record(io.socket.client.Socket client) {
        List<String> seen = new CopyOnWriteArrayList<>();
        client.on("my_response", args -> seen.add(String.valueOf(((JSONObject) args[0]).opt("data"))));
        return seen;
    }
}
