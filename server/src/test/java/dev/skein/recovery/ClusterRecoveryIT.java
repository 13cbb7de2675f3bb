package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RecoveringClient;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery across three real nodes (the jar, clustered over a real redis-server, recovery on)
 * behind the shipped HAProxy configuration, with the official JavaScript client (websocket and long-polling):
 * while a publisher on the third node emits numbered messages to a room, the first node is drained ({@code
 * SIGTERM}) and started again, then the second is killed ({@code SIGKILL}, so nothing of it is written at
 * its end). Every client of those nodes reconnects through HAProxy to another node and recovers its socket
 * (same id, rooms, {@code recovered}), and every client gets every message exactly once, in order.
 */
class ClusterRecoveryIT {
    private static final int CLIENTS = 6;
    private static final String ROOM = "news";
    private static final Duration EVERY = Duration.ofMillis(25);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private BalancedCluster cluster;
    private final List<RecoveringClient> clients = new ArrayList<>();
    private JavaClients publishers;
    private final ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        publishing.shutdownNow();
        Closing.all(clients.toArray(AutoCloseable[]::new));
        Closing.all(publishers, cluster);
    }

    @Test
    void theClientsOfADrainedAndOfAKilledNodeRecoverElsewhereWithEveryMessageOnceInOrder() throws Exception {
        cluster = BalancedCluster.start(3, Map.of("SKEIN_RECOVERY_MAX_DISCONNECTION_MS", "60000"));
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(RecoveringClient.start("c" + i, cluster.url(), i % 2 == 0 ? "websocket" : "polling", ROOM));
        }
        // joined, and greeted: the greeting names the node
        await().atMost(WAIT).until(() -> clients.stream()
                .allMatch(c -> c.joined(1) && !c.received("my_response").isEmpty()));
        Map<String, String> ids = new ConcurrentHashMap<>();
        clients.forEach(c -> ids.put(c.name(), c.lastConnect().path("id").asText()));
        Map<String, Set<String>> byNode = clientsByNode();
        assertThat(byNode.keySet())
                .as("HAProxy's leastconn spreads the clients")
                .hasSize(3);

        publishers = new JavaClients(cluster.nodeUrl(3));
        Socket publisher = publishers.connect("/");
        AtomicInteger next = new AtomicInteger();
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        publishing.scheduleAtFixedRate(
                () -> publish(publisher, next, acked), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(WAIT)
                .until(() -> clients.stream().allMatch(c -> messages(c).size() > 20));

        cluster.node(1).terminate();
        assertThat(cluster.node(1).waitForExit(Duration.ofSeconds(30))).isIn(0, 143);
        await().atMost(WAIT).until(() -> reconnected(byNode.get("node-1")));
        cluster.restart(1);
        int before = next.get();
        await().atMost(WAIT).until(() -> next.get() > before + 40);

        cluster.node(2).kill();
        await().atMost(WAIT).until(() -> reconnected(byNode.get("node-2")));
        int after = next.get();
        await().atMost(WAIT).until(() -> next.get() > after + 40);
        publishing.shutdownNow();
        assertThat(publishing.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        int published = next.get();
        await().atMost(WAIT).until(() -> acked.size() == published);

        List<Integer> all = IntStream.range(0, published).boxed().toList();
        await().atMost(WAIT)
                .until(() -> clients.stream().allMatch(c -> messages(c).size() >= published));
        for (RecoveringClient client : clients) {
            assertThat(messages(client))
                    .as("%s: every message once, in order", client.name())
                    .isEqualTo(all);
            for (JsonNode connect : client.lines("connect").subList(1, client.connects())) {
                assertThat(connect.path("recovered").asBoolean())
                        .as("%s recovered", client)
                        .isTrue();
                assertThat(connect.path("id").asText()).isEqualTo(ids.get(client.name()));
            }
            assertThat(client.lines("joined"))
                    .as("%s never joined again", client.name())
                    .hasSize(1);
        }
        for (String name : union(byNode.get("node-1"), byNode.get("node-2"))) {
            assertThat(client(name).connects()).as("%s reconnected", name).isGreaterThanOrEqualTo(2);
        }
        System.out.printf(
                Locale.ROOT,
                "Drain of node-1 and kill -9 of node-2 under %d messages: %d clients, %d recovered connections,"
                        + " every message once and in order at each%n",
                published,
                CLIENTS,
                clients.stream().mapToInt(c -> c.connects() - 1).sum());
    }

    private static void publish(Socket publisher, AtomicInteger next, Set<Integer> acked) {
        if (!publisher.connected()) {
            return;
        }
        int number = next.getAndIncrement();
        publisher.emit("my_room_event", new JSONObject(Map.of("room", ROOM, "data", "m:" + number)), (Ack)
                args -> acked.add(number));
    }

    /** The numbers of the room's messages a client received, in order. */
    private static List<Integer> messages(RecoveringClient client) {
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode args : client.received("my_response")) {
            JsonNode message = args.path(0);
            String data = message.path("data").asText();
            if (ROOM.equals(message.path("room").asText()) && data.startsWith("m:")) {
                numbers.add(Integer.parseInt(data.substring(2)));
            }
        }
        return numbers;
    }

    /** The clients by the node that greeted them first (the demo's greeting names its node). */
    private Map<String, Set<String>> clientsByNode() {
        Map<String, Set<String>> byNode = new ConcurrentHashMap<>();
        for (RecoveringClient client : clients) {
            JsonNode greeting = client.received("my_response").get(0).path(0);
            byNode.computeIfAbsent(greeting.path("node").asText(), n -> ConcurrentHashMap.newKeySet())
                    .add(client.name());
        }
        return byNode;
    }

    private boolean reconnected(Set<String> names) {
        return names.stream().map(this::client).allMatch(c -> c.connects() >= 2 && isConnected(c));
    }

    private static boolean isConnected(RecoveringClient client) {
        List<JsonNode> lines = client.lines(
                l -> Set.of("connect", "disconnect").contains(l.path("event").asText()));
        return !lines.isEmpty()
                && "connect".equals(lines.get(lines.size() - 1).path("event").asText());
    }

    private RecoveringClient client(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
