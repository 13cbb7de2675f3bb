package dev.skein.testing;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Java clients ({@code io.socket:socket.io-client}) against one node, all closed by {@link #close()}.
 * Every wait is bounded (5 s).
 */
public final class JavaClients implements AutoCloseable {
    private static final long WAIT_SECONDS = 5;

    private final String url;
    private final OkHttpClient http;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    public JavaClients(String url) {
        this(url, null);
    }

    /** Clients whose HTTP requests and websockets go through {@code http} (its TLS trust, for instance). */
    public JavaClients(String url, OkHttpClient http) {
        this.url = url;
        this.http = http;
    }

    /** A websocket client connected to {@code namespace}, with an {@code auth} payload when not empty. */
    public Socket connect(String namespace, Map<String, String> auth) throws Exception {
        Outcome outcome = attempt(namespace, auth);
        if (outcome.error() != null) {
            throw new AssertionError("connect_error: " + outcome.error());
        }
        return outcome.socket();
    }

    public Socket connect(String namespace) throws Exception {
        return connect(namespace, Map.of());
    }

    /** Tries to connect; the outcome holds the socket, or the {@code connect_error} argument. */
    public Outcome attempt(String namespace, Map<String, String> auth) throws Exception {
        return attempt(namespace, auth, "websocket");
    }

    /** Connects to {@code namespace} over {@code transport} ({@code websocket} or {@code polling}). */
    public Socket connectOver(String transport, String namespace) throws Exception {
        Outcome outcome = attempt(namespace, Map.of(), transport);
        if (outcome.error() != null) {
            throw new AssertionError("connect_error: " + outcome.error());
        }
        return outcome.socket();
    }

    /** Tries to connect over {@code transport}; the outcome holds the socket, or the {@code connect_error} argument. */
    public Outcome attemptOver(String transport, String namespace) throws Exception {
        return attempt(namespace, Map.of(), transport);
    }

    private Outcome attempt(String namespace, Map<String, String> auth, String transport) throws Exception {
        return attempt(namespace, auth, transport, Map.of());
    }

    /**
     * Tries to connect over {@code transport} ({@code websocket} or {@code polling}) with {@code headers} on each
     * of its HTTP requests and on its websocket's handshake (the client's {@code extraHeaders}).
     */
    public Outcome attempt(
            String namespace, Map<String, String> auth, String transport, Map<String, List<String>> headers)
            throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {transport})
                .setAuth(auth)
                .setExtraHeaders(headers)
                .build();
        if (http != null) {
            options.callFactory = http;
            options.webSocketFactory = http;
        }
        Socket client = IO.socket(URI.create(url + namespace), options);
        clients.add(client);
        CompletableFuture<Object> result = new CompletableFuture<>();
        client.once(Socket.EVENT_CONNECT, args -> result.complete(Boolean.TRUE));
        client.once(Socket.EVENT_CONNECT_ERROR, args -> result.complete(args.length > 0 ? args[0] : "?"));
        client.connect();
        Object value = result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new Outcome(client, Boolean.TRUE.equals(value) ? null : value);
    }

    /** Emits and waits for the acknowledgement's arguments. */
    public static Object[] emitWithAck(Socket client, String event, Object... args) throws Exception {
        CompletableFuture<Object[]> reply = new CompletableFuture<>();
        Object[] withAck = new Object[args.length + 1];
        System.arraycopy(args, 0, withAck, 0, args.length);
        withAck[args.length] = (Ack) reply::complete;
        client.emit(event, withAck);
        return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        clients.forEach(Socket::close);
        clients.clear();
    }

    /**
     * How a connection attempt ended.
     *
     * @param socket the client
     * @param error the {@code connect_error} argument, {@code null} when connected
     */
    public record Outcome(Socket socket, Object error) {}
}
