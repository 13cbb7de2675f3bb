package dev.skein.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a drain costs the clients, against its peer, a crash: {@code CLIENTS} official clients (half
 * polling-only, half upgraded to websocket, from {@code crowd.mjs}) connect through HAProxy to three nodes;
 * one node gets {@code SIGTERM} (Skein's drain), is restarted, then another gets {@code SIGKILL}. For each,
 * from the crowd's 100 ms status lines: how long until every client is connected again, the most clients
 * disconnected at once, and the connect errors. Run by hand (not a test: timings vary with the machine):
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl server exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.deploy.DrainBenchmark \
 *     -Dskein.jar=server/target/skein-server.jar -Dskein.jsTestsDir=server/src/test/js -Dskein.repoDir=.
 * </pre>
 */
public final class DrainBenchmark {
    private static final int CLIENTS = Integer.getInteger("clients", 1_500);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private DrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        // the crowd reconnects all at once through one HAProxy on loopback: the per-address limits would pace it
        Map<String, String> unlimited =
                Map.of("SKEIN_MAX_CONNECTIONS_PER_IP", "0", "SKEIN_HANDSHAKES_PER_SECOND_PER_IP", "0");
        try (BalancedCluster cluster = BalancedCluster.start(3, unlimited)) {
            Process crowd = NodeScript.startScript("crowd.mjs", cluster.url(), "" + CLIENTS);
            try {
                List<JsonNode> status = NodeScript.follow(crowd);
                awaitStatus(status, s -> s.path("connected").asInt() == CLIENTS, "all connected");
                System.out.printf(
                        "%d clients connected: %s%n", CLIENTS, last(status).path("byNode"));

                ServerProcess draining = cluster.node(1);
                Outcome drain = measure(status, "node-1", draining::terminate);
                draining.waitForExit(Duration.ofSeconds(20));
                Matcher drained = Pattern.compile(
                                "Drained node node-1: closed (\\d+) client connection\\(s\\) in (\\d+) ms")
                        .matcher(draining.output());
                System.out.println("SIGTERM (drain): " + drain
                        + (drained.find()
                                ? "; the node closed " + drained.group(1) + " in " + drained.group(2) + " ms"
                                : ""));

                cluster.restart(1);
                ServerProcess crashing = cluster.node(2);
                Outcome crash = measure(status, "node-2", () -> {
                    try {
                        crashing.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                System.out.println("SIGKILL (crash): " + crash);
                System.out.printf(
                        "ratio crash/drain: disconnected time per client moved %.2f, most disconnected at once"
                                + " (as a share of the clients moved) %.2f%n",
                        (double) crash.downMillisPerClient() / Math.max(1, drain.downMillisPerClient()),
                        ((double) crash.mostDown() / crash.moved()) / ((double) drain.mostDown() / drain.moved()));
            } finally {
                crowd.destroyForcibly();
            }
        }
    }

    /**
     * What one event did to the crowd.
     *
     * @param moved clients that were on the node
     * @param allBackMillis from the event until every client was connected again
     * @param mostDown the most clients disconnected at once
     * @param connectErrors connect errors the clients saw
     * @param downMillisPerClient the time the clients spent disconnected, summed, per client moved
     */
    record Outcome(int moved, long allBackMillis, int mostDown, int connectErrors, long downMillisPerClient) {
        @Override
        public String toString() {
            return String.format(
                    "%d clients moved, all connected again after %d ms, at most %d disconnected at once, %d connect"
                            + " errors, %d ms disconnected per client moved",
                    moved, allBackMillis, mostDown, connectErrors, downMillisPerClient);
        }
    }

    private static Outcome measure(List<JsonNode> status, String node, Runnable event) throws InterruptedException {
        awaitStatus(status, s -> s.path("connected").asInt() == CLIENTS, "all connected");
        JsonNode before = last(status);
        int moved = before.path("byNode").path(node).asInt();
        int from = status.size();
        long began = System.nanoTime();
        event.run();
        // wait until the node's clients have left it and everybody is connected again
        JsonNode after = awaitStatus(
                status,
                s -> s.path("connected").asInt() == CLIENTS
                        && s.path("byNode").path(node).asInt() == 0,
                "all back on the other nodes");
        long allBack = (System.nanoTime() - began) / 1_000_000;
        int mostDown = 0;
        long downSamples = 0;
        for (JsonNode s : status.subList(from, status.size())) {
            int down = CLIENTS - s.path("connected").asInt();
            mostDown = Math.max(mostDown, down);
            downSamples += down;
        }
        int errors = after.path("connectErrors").asInt()
                - before.path("connectErrors").asInt();
        // one status line every 100 ms
        return new Outcome(moved, allBack, mostDown, errors, downSamples * 100 / Math.max(1, moved));
    }

    private static JsonNode awaitStatus(List<JsonNode> status, Predicate<JsonNode> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!status.isEmpty() && condition.test(last(status))) {
                return last(status);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not " + what + " within " + SETTLE + ": " + (status.isEmpty() ? "-" : last(status)));
    }

    private static JsonNode last(List<JsonNode> status) {
        return status.get(status.size() - 1);
    }
}
