package dev.skein.clientdemo;

import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * One client in one room of the demo application: joins the room on every (re)connection, prints every
 * event it receives, sends lines to the room. Reconnects by itself with exponential backoff (0.5 s doubling
 * to 10 s, ±50 % jitter, without end); keeps cookies, so a cookie-sticky load balancer keeps each session on
 * its node.
 */
final class RoomChat implements AutoCloseable {
    private static final long FIRST_RETRY_MS = 500;
    private static final long LAST_RETRY_MS = 10_000;
    private static final long CLOSE_WAIT_MS = 2_000;

    private final DemoOptions options;
    private final Console console;
    private final OkHttpClient http;
    private final Socket socket;
    private final Runnable onServerDisconnect;

    private RoomChat(DemoOptions options, Console console, Runnable onServerDisconnect) {
        this.options = options;
        this.console = console;
        this.onServerDisconnect = onServerDisconnect;
        http = new OkHttpClient.Builder()
                .cookieJar(new CookieKeeper())
                // a long-poll is held up to the server's ping interval (25 s by default)
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
        IO.Options io = IO.Options.builder()
                .setTransports(options.transports())
                .setReconnectionDelay(FIRST_RETRY_MS)
                .setReconnectionDelayMax(LAST_RETRY_MS)
                .setRandomizationFactor(0.5)
                .setAuth(options.auth())
                .build();
        io.callFactory = http;
        io.webSocketFactory = http;
        socket = IO.socket(options.url(), io);
        listen();
    }

    /**
     * Connects (in the background) to {@code options.url()}; {@code onServerDisconnect} runs if the server
     * ends the session itself (the client then does not reconnect, like every Socket.IO client).
     */
    static RoomChat open(DemoOptions options, Console console, Runnable onServerDisconnect) {
        RoomChat chat = new RoomChat(options, console, onServerDisconnect);
        console.print("connecting to " + options.url() + " (" + String.join(", ", options.transports()) + ")");
        chat.socket.connect();
        return chat;
    }

    private void listen() {
        socket.on(Socket.EVENT_CONNECT, args -> {
            console.print("connected, id " + socket.id() + "; joining " + options.room());
            socket.emit("join", new JSONObject(Map.of("room", options.room())));
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            String reason = args.length > 0 ? String.valueOf(args[0]) : "unknown";
            console.print("disconnected: " + reason);
            if ("io server disconnect".equals(reason)) {
                onServerDisconnect.run();
            }
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> console.print("connect error: " + describe(args)));
        socket.io()
                .on(Manager.EVENT_RECONNECT_ATTEMPT, args -> console.print("reconnecting, attempt " + describe(args)));
        socket.onAnyIncoming(args -> console.print(format(args)));
    }

    /** Sends {@code text} to the room (queued by the client while it is not connected). */
    void send(String text) {
        if (!socket.connected()) {
            console.print("(not connected: sent when connected again)");
        }
        socket.emit("my_room_event", new JSONObject(Map.of("room", options.room(), "data", text)));
    }

    /** An incoming event: the demo's messages as {@code [room #count @node] data}, any other as its JSON. */
    static String format(Object[] args) {
        String event = args.length > 0 ? String.valueOf(args[0]) : "?";
        Object[] values = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        if ("my_response".equals(event) && values.length == 1 && values[0] instanceof JSONObject message) {
            StringBuilder tag = new StringBuilder("[");
            if (message.has("room")) {
                tag.append(message.optString("room")).append(' ');
            }
            tag.append('#').append(message.optInt("count"));
            if (message.has("node")) {
                tag.append(" @").append(message.optString("node"));
            }
            return tag.append("] ").append(text(message.opt("data"))).toString();
        }
        StringBuilder line = new StringBuilder(event);
        for (Object value : values) {
            line.append(' ').append(text(value));
        }
        return line.toString();
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        return String.valueOf(value);
    }

    private static String describe(Object[] args) {
        if (args.length == 0) {
            return "";
        }
        Object first = args[0];
        if (first instanceof Exception e) {
            return e.getMessage();
        }
        if (first instanceof JSONObject json) {
            try {
                return json.getString("message");
            } catch (JSONException e) {
                return json.toString();
            }
        }
        return String.valueOf(first);
    }

    /**
     * Disconnects (the server hears the client leave, it does not wait for a ping timeout) and then releases
     * the HTTP client. Idempotent.
     */
    @Override
    public void close() {
        CountDownLatch left = new CountDownLatch(1);
        socket.once(Socket.EVENT_DISCONNECT, args -> left.countDown());
        // read before close(): the client's event thread may have closed (and no longer be connected)
        // before the check, and the demo would then skip the wait and end before its disconnect is printed
        boolean wasConnected = socket.connected();
        socket.close();
        try {
            // the client closes on its own event thread: let it write its close before the HTTP client stops
            if (wasConnected) {
                left.await(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
