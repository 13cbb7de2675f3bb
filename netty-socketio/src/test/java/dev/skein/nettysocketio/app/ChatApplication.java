package dev.skein.nettysocketio.app;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.BroadcastAckCallback;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.annotation.OnEvent;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typical netty-socketio application, written against netty-socketio's API alone: a chat with POJOs, rooms,
 * acknowledgements both ways with typed callbacks, binary events, annotation listeners, an authorization listener,
 * an event interceptor, a pong listener, and a second namespace with an auth token listener. The tests run it on
 * netty-socketio's own {@code SocketIOServer} and on {@code SkeinSocketIOServer} alike.
 */
public final class ChatApplication {
    private final SocketIOServer server;
    private final AtomicInteger intercepted = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();

    private ChatApplication(SocketIOServer server) {
        this.server = server;
    }

    /** The application's configuration: the same for both servers. */
    public static Configuration configuration(String host, int port) {
        Configuration config = new Configuration();
        config.setHostname(host);
        config.setPort(port);
        config.setRandomSession(true);
        config.setPingInterval(1_000);
        config.setPingTimeout(5_000);
        config.setMaxFramePayloadLength(1_000_000);
        config.setMaxHttpContentLength(1_000_000);
        config.getSocketConfig().setReuseAddress(true);
        config.setAuthorizationListener(data -> "bad".equals(data.getSingleUrlParam("token"))
                ? AuthorizationResult.FAILED_AUTHORIZATION
                : new AuthorizationResult(true, Map.of("user", userOf(data.getSingleUrlParam("user")))));
        return config;
    }

    /** Registers every listener on {@code server}; the exception listener is set on the configuration before. */
    public static ChatApplication install(SocketIOServer server) {
        ChatApplication app = new ChatApplication(server);
        app.main();
        app.admin();
        return app;
    }

    /** An exception listener that counts failed events (set on the configuration before the server is made). */
    public static void countFailures(Configuration config, AtomicInteger failures) {
        config.setExceptionListener(new ExceptionListenerAdapter() {
            @Override
            public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
                failures.incrementAndGet();
            }

            @Override
            public void onAuthException(Throwable e, SocketIOClient client) {
                failures.incrementAndGet();
            }
        });
    }

    private static String userOf(String user) {
        return user == null ? "anonymous" : user;
    }

    private void main() {
        server.addConnectListener(client -> client.sendEvent("welcome", Map.of("user", client.<String>get("user"))));
        server.addDisconnectListener(client -> disconnects.incrementAndGet());
        server.addEventInterceptor((client, event, args, ack) -> intercepted.incrementAndGet());
        server.addPongListener(client -> pongs.incrementAndGet());
        server.addListeners(new ChatListeners(server));
        server.addEventListener("join", String.class, (client, room, ack) -> {
            client.joinRoom(room);
            List<String> rooms = new ArrayList<>(client.getAllRooms());
            rooms.sort(null);
            ack.sendAckData(new RoomInfo(room, rooms, client.getCurrentRoomSize(room)));
        });
        server.addEventListener("leave", String.class, (client, room, ack) -> client.leaveRoom(room));
        server.addEventListener(
                "whoami",
                Void.class,
                (client, nothing, ack) -> ack.sendAckData(
                        client.get("user"),
                        client.getSessionId().toString(),
                        server.getClient(client.getSessionId()) == client,
                        server.getAllClients().size()));
        server.addEventListener("echo-binary", byte[].class, (client, bytes, ack) -> ack.sendAckData(reverse(bytes)));
        server.addEventListener("ask", Void.class, (client, nothing, ack) -> ask(client));
        server.addEventListener("poll", String.class, (client, room, ack) -> poll(client, room));
        server.addEventListener("multi", Void.class, (client, nothing, ack) -> server.getRoomOperations("red", "blue")
                .sendEvent("multi", "once"));
        server.addEventListener("shout", String.class, (client, text, ack) -> client.getNamespace()
                .getBroadcastOperations()
                .sendEvent("shout", client, text));
        server.addEventListener("noop", Void.class, (client, nothing, ack) -> {});
        server.addEventListener("boom", Void.class, (client, nothing, ack) -> {
            throw new IllegalStateException("boom");
        });
        server.addEventListener(
                "stats",
                Void.class,
                (client, nothing, ack) -> ack.sendAckData(Map.of(
                        "intercepted", intercepted.get(), "pongs", pongs.get() > 0, "disconnects", disconnects.get())));
        server.addEventListener("bye", Void.class, (client, nothing, ack) -> client.disconnect());
        server.addMultiTypeEventListener(
                "pair",
                (client, args, ack) -> ack.sendAckData(args.<String>first() + ":" + args.<Integer>second()),
                String.class,
                Integer.class);
    }

    private void admin() {
        SocketIONamespace admin = server.addNamespace("/admin");
        admin.addAuthTokenListener(
                (token, client) -> token instanceof Map<?, ?> auth && "secret".equals(auth.get("key"))
                        ? AuthTokenResult.AuthTokenResultSuccess
                        : new AuthTokenResult(false, Map.of("message", "admin only", "data", Map.of("code", 403))));
        admin.addListeners(new AdminListeners(server));
    }

    private static void ask(SocketIOClient client) {
        client.sendEvent(
                "question",
                new AckCallback<>(Answer.class, 5) {
                    @Override
                    public void onSuccess(Answer answer) {
                        client.sendEvent("answered", answer.getText().toUpperCase(java.util.Locale.ROOT));
                    }

                    @Override
                    public void onTimeout() {
                        client.sendEvent("answered", "timeout");
                    }
                },
                new Question("2+2?"));
    }

    private void poll(SocketIOClient asker, String room) {
        ConcurrentLinkedQueue<String> votes = new ConcurrentLinkedQueue<>();
        server.getRoomOperations(room).sendEvent("vote?", "yes or no", new BroadcastAckCallback<>(String.class, 5) {
            @Override
            protected void onClientSuccess(SocketIOClient client, String vote) {
                votes.add(vote);
            }

            @Override
            protected void onAllSuccess() {
                List<String> sorted = new ArrayList<>(votes);
                sorted.sort(null);
                asker.sendEvent("poll-result", sorted);
            }
        });
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    /** Chat and files, as annotation listeners. */
    public static final class ChatListeners {
        private final SocketIOServer server;

        ChatListeners(SocketIOServer server) {
            this.server = server;
        }

        @OnEvent("chat")
        public void onChat(SocketIOClient client, ChatMessage message) {
            message.setUser(client.get("user"));
            server.getRoomOperations(message.getRoom()).sendEvent("chat", message);
        }

        @OnEvent("file")
        public void onFile(SocketIOClient client, FileMessage file, AckRequest ack) {
            client.getNamespace().getRoomOperations(file.getRoom()).sendEvent("file", client, file);
            ack.sendAckData(file.getData().length);
        }
    }
}
