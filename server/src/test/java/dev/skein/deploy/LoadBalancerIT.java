package dev.skein.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.BalancedClient;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.Closing;
import dev.skein.testing.Haproxy;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped HAProxy configuration (its loopback variant, {@link Haproxy}) in front of three real Skein
 * nodes (the jar, clustered over a real redis-server, with the default drain settings unless a test says
 * otherwise), and real clients that keep cookies: the Java client and the official JavaScript client under
 * Node. Each test starts its own cluster.
 */
class LoadBalancerIT {
    private static final int NODES = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(8);
    private static final Duration GRACE = Duration.ofSeconds(15);
    /** A request in HAProxy's log: server, status, and the Engine.IO session of the request line. */
    private static final Pattern LOGGED =
            Pattern.compile(" socketio skein/(\\S+) \\S+ (\\d{3}) .*\"(GET|POST) (\\S+) HTTP");

    private static final Pattern SID = Pattern.compile("[?&]sid=([^&\\s]+)");

    private BalancedCluster cluster;
    private Haproxy haproxy;
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** Starts the cluster with the nodes' default drain settings. */
    private void startCluster() {
        startCluster(Map.of());
    }

    private void startCluster(Map<String, String> env) {
        cluster = BalancedCluster.start(NODES, env);
        haproxy = cluster.haproxy();
    }

    @AfterEach
    void stopCluster() {
        Closing.all(clients.toArray(AutoCloseable[]::new));
        Closing.all(cluster);
    }

    @Test
    void pollingClientsKeepTheirSessionOnOneNodeForThirtyRequestsWithoutA400() throws Exception {
        startCluster();
        List<Process> scripts = List.of(
                NodeScript.startScript("lb-client.mjs", haproxy.url(), "polling", "rounds", "20"),
                NodeScript.startScript("lb-client.mjs", haproxy.url(), "polling", "rounds", "20"));
        List<BalancedClient> javaClients = List.of(polling(), polling());
        for (BalancedClient client : javaClients) {
            await().atMost(WAIT).until(() -> client.node() != null);
            for (int i = 0; i < 20; i++) {
                JavaClients.emitWithAck(client.socket(), "my_ping");
            }
        }

        for (BalancedClient client : javaClients) {
            assertThat(client.statuses()).hasSizeGreaterThanOrEqualTo(30).containsOnly(200);
            assertThat(client.events()).containsExactly("connect");
            assertThat(client.stickyCookie()).isNotBlank();
        }
        for (Process script : scripts) {
            List<JsonNode> lines = finish(script);
            JsonNode result = lines.stream()
                    .filter(l -> l.has("rounds"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no result from lb-client.mjs: " + lines));
            assertThat(result.path("requests").asInt()).isGreaterThanOrEqualTo(30);
            assertThat(result.path("nodes")).hasSize(1);
        }
        // HAProxy's own log: every request of a session went to one node, and none was answered 400
        Map<String, Set<String>> serversBySession = new HashMap<>();
        Map<String, Integer> requestsBySession = new HashMap<>();
        for (String line : haproxy.logLines()) {
            Matcher logged = LOGGED.matcher(line);
            assertThat(logged.find()).as("a request line: %s", line).isTrue();
            assertThat(logged.group(2)).as(line).isNotEqualTo("400").isEqualTo("200");
            Matcher sid = SID.matcher(logged.group(4));
            if (sid.find()) {
                serversBySession
                        .computeIfAbsent(sid.group(1), s -> new HashSet<>())
                        .add(logged.group(1));
                requestsBySession.merge(sid.group(1), 1, Integer::sum);
            }
        }
        assertThat(serversBySession).hasSize(4).allSatisfy((sid, servers) -> assertThat(servers)
                .hasSize(1));
        assertThat(requestsBySession.values())
                .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(30));
    }

    @Test
    void aRoomBroadcastReachesClientsOnEveryNode() throws Exception {
        startCluster();
        List<BalancedClient> members = onEveryNode(() -> clients(BalancedClient.connect(haproxy.url(), "websocket")));
        members.add(polling());
        await().atMost(WAIT).until(() -> members.get(members.size() - 1).node() != null);
        for (BalancedClient member : members) {
            JavaClients.emitWithAck(member.socket(), "join", Map.of("room", "lobby"));
        }

        JavaClients.emitWithAck(members.get(0).socket(), "my_room_event", Map.of("room", "lobby", "data", "hello all"));

        for (BalancedClient member : members) {
            await().atMost(WAIT).until(() -> member.received().contains("hello all"));
        }
        assertThat(members.stream().map(BalancedClient::node).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");
    }

    @Test
    void whenANodeIsKilledItsClientsReconnectThroughHaproxyToTheOthersWithANewCookie() throws Exception {
        startCluster();
        List<BalancedClient> all = onEveryNode(this::polling);
        all.addAll(onEveryNode(() -> clients(BalancedClient.connect(haproxy.url(), "websocket"))));
        List<BalancedClient> victims = on("node-2", all);
        List<BalancedClient> others =
                all.stream().filter(c -> !victims.contains(c)).toList();
        Map<BalancedClient, String> cookies = new HashMap<>();
        victims.forEach(c -> cookies.put(c, c.stickyCookie()));

        cluster.node(2).kill();

        for (BalancedClient client : victims) {
            await().atMost(WAIT).until(() -> client.nodes().size() == 2 && client.isConnected());
            assertThat(client.node()).isIn("node-1", "node-3");
            assertThat(client.stickyCookie()).isNotBlank().isNotEqualTo(cookies.get(client));
        }
        for (BalancedClient client : others) {
            assertThat(client.events()).as("a client of a node that stayed up").containsExactly("connect");
        }
    }

    @Test
    void sigtermDrainsANodesClientsToTheOthersWithoutAnError() throws Exception {
        // a drain delay longer than the 3 s default, so that the test can act while HAProxy has taken the
        // node out and the node still serves its clients
        startCluster(Map.of(
                "SKEIN_DRAIN_DELAY_MS", "" + DRAIN_DELAY.toMillis(),
                "SKEIN_SHUTDOWN_GRACE_MS", "" + GRACE.toMillis()));
        List<BalancedClient> all = onEveryNode(this::polling);
        all.addAll(onEveryNode(() -> clients(BalancedClient.connect(haproxy.url(), "websocket"))));
        List<BalancedClient> victims = on("node-3", all);
        List<BalancedClient> others =
                all.stream().filter(c -> !victims.contains(c)).toList();
        Process jsWatcher = NodeScript.startScript("lb-client.mjs", haproxy.url(), "polling", "watch");
        clients.add(jsWatcher::destroy);
        List<JsonNode> jsEvents = NodeScript.follow(jsWatcher);
        await().atMost(WAIT).until(() -> jsEvents.stream().anyMatch(e -> e.has("node")));

        ServerProcess leaving = cluster.node(3);
        leaving.terminate();

        // readiness fails first: HAProxy takes the node out (no new clients) ...
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "DOWN".equals(haproxy.serverStates().get("node-3")));
        // ... while the node still serves the clients it has (HAProxy's option persist), through HAProxy
        for (BalancedClient client : victims) {
            JavaClients.emitWithAck(client.socket(), "my_ping");
        }
        assertThat(leaving.output()).doesNotContain("Draining node node-3: closing");
        BalancedClient newcomer = polling();
        await().atMost(WAIT).until(() -> newcomer.node() != null);
        assertThat(newcomer.node()).isIn("node-1", "node-2");

        assertThat(leaving.waitForExit(GRACE.plusSeconds(5))).isIn(0, 143);
        assertThat(leaving.output())
                .contains("Draining node node-3: readiness fails")
                .containsPattern("Drained node node-3: closed \\d+ client connection\\(s\\) in \\d+ ms, 0 left");
        for (BalancedClient client : victims) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(client.isConnected() ? client.nodes() : List.of())
                    .as("nodes of a drained %s", client)
                    .hasSize(2));
            assertThat(client.node()).isIn("node-1", "node-2");
            assertThat(client.events())
                    .as("a drained client reconnects without a connect_error")
                    .hasSize(3)
                    .noneMatch(e -> e.startsWith("connect_error"))
                    .satisfies(events ->
                            assertThat(events.get(1)).isIn("disconnect:transport close", "disconnect:transport error"));
        }
        for (BalancedClient client : others) {
            assertThat(client.events()).as("a client of a node that stayed up").containsExactly("connect");
        }
        assertThat(jsEvents)
                .noneMatch(e -> "connect_error".equals(e.path("event").asText()));
        assertThat(jsEvents.stream()
                        .filter(e -> e.has("node"))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .path("node")
                        .asText())
                .isIn("node-1", "node-2");
    }

    @Test
    void aRollingRestartOfEveryNodeLosesNoClient() throws Exception {
        startCluster();
        List<BalancedClient> all = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            all.addAll(onEveryNode(this::polling));
            all.addAll(onEveryNode(() -> clients(BalancedClient.connect(haproxy.url(), "websocket"))));
        }
        Process jsWatcher = NodeScript.startScript("lb-client.mjs", haproxy.url(), "polling", "watch");
        clients.add(jsWatcher::destroy);
        List<JsonNode> jsEvents = NodeScript.follow(jsWatcher);
        await().atMost(WAIT).until(() -> jsEvents.stream().anyMatch(e -> e.has("node")));

        // as an orchestrator rolls a deployment: one node at a time, the next once the new one is in service
        for (int node = 1; node <= NODES; node++) {
            cluster.node(node).terminate();
            assertThat(cluster.node(node).waitForExit(Duration.ofSeconds(15))).isIn(0, 143);
            cluster.restart(node);
        }

        for (BalancedClient client : all) {
            await().atMost(WAIT).until(client::isConnected);
            assertThat(client.events())
                    .as("%s; HAProxy's answers other than 200 and 101: %s", client, unusualAnswers())
                    .noneMatch(e -> e.startsWith("connect_error"));
        }
        assertThat(jsEvents)
                .noneMatch(e -> "connect_error".equals(e.path("event").asText()));
        // every client is still reachable: a broadcast from one reaches all of them, wherever they are now
        JavaClients.emitWithAck(all.get(0).socket(), "my_broadcast_event", Map.of("data", "after the rollout"));
        for (BalancedClient client : all) {
            await().atMost(WAIT).until(() -> client.received().contains("after the rollout"));
        }
        // and each client was moved at least once (every node it was on restarted)
        assertThat(all).allSatisfy(client -> assertThat(client.nodes()).hasSizeGreaterThanOrEqualTo(2));
    }

    /** The lines of HAProxy's log with a status other than 200 and 101, for failure messages. */
    private List<String> unusualAnswers() {
        return haproxy.logLines().stream()
                .filter(line -> !line.matches(".* skein/\\S+ \\S+ (200|101) .*"))
                .toList();
    }

    private BalancedClient polling() {
        return clients(BalancedClient.connect(haproxy.url(), "polling"));
    }

    private BalancedClient clients(BalancedClient client) {
        clients.add(client);
        return client;
    }

    /**
     * Connects clients until every node has one (HAProxy's leastconn makes that the first three) and
     * returns them.
     */
    private static List<BalancedClient> onEveryNode(java.util.function.Supplier<BalancedClient> connect) {
        List<BalancedClient> connected = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (int attempt = 0; attempt < 4 * NODES && covered.size() < NODES; attempt++) {
            BalancedClient client = connect.get();
            await().atMost(WAIT).until(() -> client.node() != null);
            connected.add(client);
            covered.add(client.node());
        }
        assertThat(covered).as("nodes reached through HAProxy").hasSize(NODES);
        return connected;
    }

    private static List<BalancedClient> on(String node, List<BalancedClient> clients) {
        Predicate<BalancedClient> onNode = c -> node.equals(c.node());
        return clients.stream().filter(onNode).toList();
    }

    private static List<JsonNode> finish(Process script) throws InterruptedException {
        List<JsonNode> lines = NodeScript.follow(script);
        assertThat(script.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.has("done")));
        return lines;
    }
}
