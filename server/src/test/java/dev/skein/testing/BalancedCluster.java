package dev.skein.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Skein nodes ({@code node-1}, {@code node-2}, ...: the jar, clustered over a real redis-server) behind
 * a real HAProxy running the shipped configuration ({@link Haproxy}). Closing it stops everything.
 */
public final class BalancedCluster implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final RedisServer redis;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Haproxy.Backend> backends = new ArrayList<>();
    private final List<Map<String, String>> environments = new ArrayList<>();
    private Haproxy haproxy;

    private BalancedCluster(RedisServer redis) {
        this.redis = redis;
    }

    /** Starts {@code size} nodes with {@code env} added to each node's environment, then HAProxy. */
    public static BalancedCluster start(int size, Map<String, String> env) {
        BalancedCluster cluster = new BalancedCluster(RedisServer.start());
        try {
            cluster.startNodes(size, env);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(int size, Map<String, String> env) {
        for (int i = 1; i <= size; i++) {
            Haproxy.Backend backend =
                    new Haproxy.Backend("node-" + i, ServerProcess.freePort(), ServerProcess.freePort());
            backends.add(backend);
            Map<String, String> nodeEnv = new HashMap<>(env);
            nodeEnv.putAll(Map.of(
                    "SKEIN_NODE_ID",
                    backend.name(),
                    "SKEIN_REDIS_URL",
                    redis.url().toString()));
            environments.add(Map.copyOf(nodeEnv));
            nodes.add(ServerProcess.onLoopback(backend.port(), backend.managementPort(), nodeEnv));
        }
        for (Haproxy.Backend backend : backends) {
            await().atMost(WAIT).until(() -> ready(backend) == 200);
        }
        haproxy = Haproxy.start(backends);
        await().atMost(WAIT)
                .until(() -> haproxy.serverStates().values().stream()
                                .filter("UP"::equals)
                                .count()
                        == size);
    }

    /** HAProxy's frontend URL, as clients use it. */
    public String url() {
        return haproxy.url();
    }

    public Haproxy haproxy() {
        return haproxy;
    }

    /** Node {@code number}'s own URL, past HAProxy. */
    public String nodeUrl(int number) {
        return TestEnvironment.url(backends.get(number - 1).port());
    }

    /** The cluster's Redis. */
    public RedisServer redis() {
        return redis;
    }

    /** The node named {@code node-<number>}. */
    public ServerProcess node(int number) {
        return nodes.get(number - 1);
    }

    /**
     * Starts node {@code number} again, with the same id, ports and settings (after it stopped), and waits
     * until HAProxy has it back in service.
     */
    public void restart(int number) {
        ServerProcess old = nodes.get(number - 1);
        if (old.isAlive()) {
            throw new IllegalStateException("node-" + number + " still runs");
        }
        old.close();
        Haproxy.Backend backend = backends.get(number - 1);
        nodes.set(
                number - 1,
                ServerProcess.onLoopback(backend.port(), backend.managementPort(), environments.get(number - 1)));
        await().atMost(WAIT).until(() -> ready(backend) == 200);
        await().atMost(WAIT).until(() -> "UP".equals(haproxy.serverStates().get(backend.name())));
    }

    /**
     * The value of HAProxy's stickiness cookie for each node, learnt the way a client learns it: polling
     * clients connect through HAProxy until every node has greeted one.
     */
    public Map<String, String> stickyCookies() {
        Map<String, String> cookies = new HashMap<>();
        List<BalancedClient> clients = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 4 * nodes.size() && cookies.size() < nodes.size(); attempt++) {
                BalancedClient client = BalancedClient.connect(url(), "polling");
                clients.add(client);
                await().atMost(WAIT).until(() -> client.node() != null);
                cookies.put(client.node(), client.stickyCookie());
            }
        } finally {
            Closing.all(clients.toArray(AutoCloseable[]::new));
        }
        if (cookies.size() < nodes.size()) {
            throw new AssertionError("HAProxy sent clients to " + cookies.keySet() + " only");
        }
        return cookies;
    }

    private static int ready(Haproxy.Backend backend) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + backend.managementPort() + "/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        Closing.all(haproxy);
        Closing.all(nodes.toArray(AutoCloseable[]::new));
        Closing.all(redis);
    }
}
