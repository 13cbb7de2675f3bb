package dev.skein.testing;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * A Java client ({@code io.socket:socket.io-client}) as an application behind a load balancer runs it: it
 * keeps cookies (so HAProxy's stickiness cookie comes back with every request, websocket upgrade included),
 * reconnects on its own, and remembers what happened: every HTTP status, every event, every node that
 * greeted it ({@code my_response {data: "Connected", node}} from the demo application).
 */
public final class BalancedClient implements AutoCloseable {
    /** The stickiness cookie of the shipped HAProxy configuration. */
    public static final String STICKY_COOKIE = "SKEIN_NODE";

    private final Socket socket;
    private final OkHttpClient http;
    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> nodes = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    private final String transports;

    private BalancedClient(String url, String[] transports) {
        this.transports = String.join(",", transports);
        http = new OkHttpClient.Builder()
                .cookieJar(new Jar())
                .addNetworkInterceptor(chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    statuses.add(response.code());
                    return response;
                })
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setTransports(transports)
                .setReconnectionDelay(200)
                .setReconnectionDelayMax(1_000)
                .setRandomizationFactor(0.5)
                .build();
        options.callFactory = http;
        options.webSocketFactory = http;
        socket = IO.socket(URI.create(url), options);
        socket.on(Socket.EVENT_CONNECT, args -> events.add("connect"));
        socket.on(Socket.EVENT_DISCONNECT, args -> events.add("disconnect:" + (args.length > 0 ? args[0] : "")));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> events.add("connect_error:" + (args.length > 0 ? args[0] : "")));
        socket.on("my_response", args -> {
            if (args.length > 0 && args[0] instanceof JSONObject message) {
                String data = String.valueOf(message.opt("data"));
                received.add(data);
                if ("Connected".equals(data)) {
                    nodes.add(message.optString("node"));
                }
            }
        });
    }

    /** Connects through {@code url} with {@code transports} ("polling", "websocket"). */
    public static BalancedClient connect(String url, String... transports) {
        BalancedClient client = new BalancedClient(url, transports);
        client.socket.connect();
        return client;
    }

    public Socket socket() {
        return socket;
    }

    public boolean isConnected() {
        return socket.connected();
    }

    /** The node that greeted the current connection, or {@code null} before the first greeting. */
    public String node() {
        return nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
    }

    /** Every node that greeted this client, in order (one per connection). */
    public List<String> nodes() {
        return List.copyOf(nodes);
    }

    /** The {@code data} of every {@code my_response} the client received, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** The client's events in order: {@code connect}, {@code disconnect:<reason>}, {@code connect_error:<why>}. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The status of every HTTP response the client got (long-polling requests and handshakes). */
    public List<Integer> statuses() {
        return new ArrayList<>(statuses);
    }

    /** The value of HAProxy's stickiness cookie, or {@code null} before HAProxy set one. */
    public String stickyCookie() {
        Cookie cookie = cookies.get(STICKY_COOKIE);
        return cookie == null ? null : cookie.value();
    }

    @Override
    public String toString() {
        return "client(" + transports + ", nodes " + nodes + ", events " + events + ", statuses " + statuses + ")";
    }

    @Override
    public void close() {
        socket.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Keeps every cookie by name, for every URL (the tests talk to one host). */
    private final class Jar implements CookieJar {
        @Override
        public void saveFromResponse(HttpUrl url, List<Cookie> received) {
            received.forEach(cookie -> cookies.put(cookie.name(), cookie));
        }

        @Override
        public List<Cookie> loadForRequest(HttpUrl url) {
            return List.copyOf(cookies.values());
        }
    }
}
