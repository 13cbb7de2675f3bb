package dev.skein.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.JavaClients;
import dev.skein.testing.RawHttp;
import dev.skein.testing.RedisServer;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis killed ({@code SIGKILL}), paused ({@code SIGSTOP}) and restarted under two real nodes (the jar) whose
 * clients exchange room messages the whole time: local echoes keep being answered and local room messages
 * keep arriving during the fault, cross-node messages cross again once Redis is back, readiness and the
 * metrics say what happened, nothing crashes and each node logs a few lines, no stack trace. The echo
 * latencies before, during and after the fault are printed, not asserted.
 */
class RedisFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The least a fault lasts (it lasts until both nodes reported Redis down, when Redis is gone for long). */
    private static final Duration FAULT = Duration.ofSeconds(5);
    /** Cross-node delivery must resume within this after Redis is back (an outcome bound, not a timing). */
    private static final Duration HEAL = Duration.ofSeconds(15);

    private static final Duration EVERY = Duration.ofMillis(50);
    private static final String ROOM = "faults";
    private static final Pattern DATA = Pattern.compile("([ab]):(\\d+)");

    /** The faults: how Redis goes away and how it comes back. */
    enum Fault {
        /** {@code SIGKILL}, down for at least 5 s, then started again on its port. */
        KILLED(true),
        /** {@code SIGSTOP} for at least 5 s, then {@code SIGCONT}: connections stay open, nothing answers. */
        PAUSED(true),
        /**
         * Stopped by {@code SIGTERM} and started again at once on its port, as an upgrade does (too short for
         * the nodes to be sure to notice: about a second).
         */
        RESTARTED(false);

        /** Whether Redis stays away long enough that every node must report it down. */
        final boolean lasting;

        Fault(boolean lasting) {
            this.lasting = lasting;
        }

        void begin(RedisServer redis) {
            if (this == KILLED) {
                redis.kill();
            } else if (this == PAUSED) {
                redis.pause();
            } else {
                redis.stop();
            }
        }

        void end(RedisServer redis) {
            if (this == PAUSED) {
                redis.resume();
            } else {
                redis.restart();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void localTrafficGoesOnThroughTheFaultAndTheClusterHealsAfterIt(Fault fault) throws Exception {
        try (RedisServer redis = RedisServer.start();
                Node a = Node.start("a", redis);
                Node b = Node.start("b", redis);
                JavaClients clientsOfA = new JavaClients(a.url());
                JavaClients clientsOfB = new JavaClients(b.url());
                Traffic traffic = new Traffic()) {
            Member aSender = traffic.member(clientsOfA.connect("/"), "a");
            Member aReceiver = traffic.member(clientsOfA.connect("/"), null);
            Member bSender = traffic.member(clientsOfB.connect("/"), "b");
            Member bReceiver = traffic.member(clientsOfB.connect("/"), null);
            Echo aEcho = traffic.echo(clientsOfA.connect("/"));
            Echo bEcho = traffic.echo(clientsOfB.connect("/"));
            // before the fault, messages cross both ways
            traffic.start();
            await().atMost(WAIT).until(() -> bReceiver.got("a") > 10 && aReceiver.got("b") > 10);
            int aAtFault = aSender.sent();
            traffic.phase("during");
            long faultBegan = System.nanoTime();
            fault.begin(redis);
            double queueMost = 0;
            if (fault.lasting) {
                await().atMost(WAIT).until(() -> a.redisDown() && b.redisDown());
                assertThat(a.readyStatus())
                        .as("a node without Redis stays ready")
                        .isEqualTo(200);
            }
            while (fault.lasting && System.nanoTime() - faultBegan < FAULT.toNanos()) {
                queueMost = Math.max(queueMost, a.metric("skein_cluster_publish_queue"));
                Thread.sleep(200);
            }
            fault.end(redis);
            traffic.phase("after");
            long ended = System.nanoTime();

            // cross-node delivery resumes: a message sent from now on crosses, each way
            int aFrom = aSender.sent();
            int bFrom = bSender.sent();
            await().atMost(HEAL).until(() -> bReceiver.gotFrom("a", aFrom) && aReceiver.gotFrom("b", bFrom));
            double healedMillis = (System.nanoTime() - ended) / 1e6;
            await().atMost(WAIT).until(() -> !a.redisDown() && !b.redisDown());
            // ... and from a moment after that on, every one does, in order
            int aSteady = aSender.sent();
            int bSteady = bSender.sent();
            Thread.sleep(2_000);
            traffic.phase("done");
            traffic.stop();
            await().atMost(WAIT).until(traffic::quiet);

            // every echo was answered, before, during and after the fault
            assertThat(aEcho.unanswered())
                    .as("echoes of node a left unanswered")
                    .isZero();
            assertThat(bEcho.unanswered())
                    .as("echoes of node b left unanswered")
                    .isZero();
            assertThat(aEcho.answeredIn("during") + bEcho.answeredIn("during")).isPositive();
            // local delivery never stopped: every room message a node acknowledged reached its own clients, once
            for (Member sender : List.of(aSender, bSender)) {
                Member local = sender == aSender ? aReceiver : bReceiver;
                assertThat(local.received(sender.name))
                        .as("%s's messages at a receiver on the same node", sender.name)
                        .containsExactlyElementsOf(sender.ackedNumbers());
                assertThat(sender.received(sender.name)).containsExactlyElementsOf(sender.ackedNumbers());
            }
            // across nodes: never twice; after the cluster healed, every one, in order
            for (Member sender : List.of(aSender, bSender)) {
                Member remote = sender == aSender ? bReceiver : aReceiver;
                List<Integer> crossed = remote.received(sender.name);
                assertThat(crossed).as("cross-node duplicates").doesNotHaveDuplicates();
                int steady = sender == aSender ? aSteady : bSteady;
                assertThat(crossed.stream().filter(n -> n >= steady).toList())
                        .as("%s's messages at the other node once healed", sender.name)
                        .containsExactlyElementsOf(sender.ackedNumbers().stream()
                                .filter(n -> n >= steady)
                                .toList());
            }
            // readiness and metrics tell the story; nothing crashed; a few log lines, no stack trace
            for (Node node : List.of(a, b)) {
                assertThat(node.readyStatus()).isEqualTo(200);
                assertThat(node.metric("skein_cluster_redis_up")).isEqualTo(1.0);
                if (fault.lasting) {
                    assertThat(node.metric("skein_cluster_redis_outages_total")).isGreaterThanOrEqualTo(1.0);
                }
                assertThat(node.process.isAlive()).isTrue();
                node.assertCalmLog();
            }
            if (fault.lasting) {
                assertThat(a.metric("skein_cluster_publish_failures_total")
                                + a.metric("skein_cluster_publishes_dropped_total"))
                        .as("publishes of node a that did not reach Redis, counted")
                        .isPositive();
            }
            long crossedDuringFault = bReceiver.received("a").stream()
                    .filter(n -> n >= aAtFault && n < aFrom)
                    .count();
            System.out.printf(
                    Locale.ROOT,
                    "Redis %s: cross-node delivery resumed %.0f ms after Redis returned; publish queue at most %.0f;"
                            + " publishes failed %.0f, dropped %.0f on node a; node a's messages that crossed: %d of"
                            + " %d acknowledged, in order: %s; of the %d sent while Redis was away, %d crossed%n",
                    fault.name().toLowerCase(Locale.ROOT),
                    healedMillis,
                    queueMost,
                    a.metric("skein_cluster_publish_failures_total"),
                    a.metric("skein_cluster_publishes_dropped_total"),
                    bReceiver.received("a").size(),
                    aSender.acked(),
                    bReceiver
                            .received("a")
                            .equals(bReceiver.received("a").stream().sorted().toList()),
                    aFrom - aAtFault,
                    crossedDuringFault);
            for (String phase : List.of("before", "during", "after")) {
                System.out.printf(
                        Locale.ROOT,
                        "Redis %s, local echo %s the fault: %s (node a), %s (node b)%n",
                        fault.name().toLowerCase(Locale.ROOT),
                        phase,
                        aEcho.summary(phase),
                        bEcho.summary(phase));
            }
            System.out.printf(
                    Locale.ROOT,
                    "Redis %s, node a's log after its start:%n%s%n",
                    fault.name().toLowerCase(Locale.ROOT),
                    a.logAfterStart());
        }
    }

    /** A node of the jar, clustered over {@code redis}, with its management port. */
    private static final class Node implements AutoCloseable {
        private static final Pattern REPEATED_LINE = Pattern.compile("(?m)^\\S+ (WARN|ERROR) .*$");

        final ServerProcess process;
        final int port;
        final int managementPort;

        private Node(ServerProcess process, int port, int managementPort) {
            this.process = process;
            this.port = port;
            this.managementPort = managementPort;
        }

        static Node start(String id, RedisServer redis) {
            int port = ServerProcess.freePort();
            int managementPort = ServerProcess.freePort();
            ServerProcess process = ServerProcess.onLoopback(
                    port,
                    managementPort,
                    Map.of("SKEIN_NODE_ID", id, "SKEIN_REDIS_URL", redis.url().toString()));
            Node node = new Node(process, port, managementPort);
            await().atMost(WAIT).ignoreExceptions().until(() -> node.readyStatus() == 200);
            return node;
        }

        String url() {
            return TestEnvironment.url(port);
        }

        int readyStatus() throws Exception {
            return RawHttp.get(TestEnvironment.url(managementPort) + "/health/ready")
                    .statusCode();
        }

        boolean redisDown() throws Exception {
            return RawHttp.get(TestEnvironment.url(managementPort) + "/health/ready")
                    .body()
                    .contains("\"redis\":\"down\"");
        }

        /** The value of an unlabelled meter on {@code /metrics}. */
        double metric(String name) throws Exception {
            String text = RawHttp.get(TestEnvironment.url(managementPort) + "/metrics")
                    .body();
            Matcher value =
                    Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(text);
            if (!value.find()) {
                throw new AssertionError("no " + name + " on /metrics");
            }
            return Double.parseDouble(value.group(2));
        }

        /** The node's WARN and ERROR lines. */
        String warnings() {
            List<String> lines = new ArrayList<>();
            Matcher line = REPEATED_LINE.matcher(process.output());
            while (line.find()) {
                lines.add(line.group());
            }
            return String.join("\n", lines);
        }

        /** What the node logged after its start line. */
        String logAfterStart() {
            String output = process.output();
            int start = output.indexOf("Listening on");
            int next = output.indexOf('\n', start);
            return start < 0 || next < 0 ? output : output.substring(next + 1);
        }

        /** One line per change of state, no stack trace: a handful of WARN and ERROR lines at most. */
        void assertCalmLog() {
            String output = process.output();
            assertThat(output).as("a stack trace in the log").doesNotContain("\tat ");
            assertThat(warnings().lines().count())
                    .as("WARN and ERROR lines:%n%s", warnings())
                    .isLessThanOrEqualTo(6);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** The clients' steady traffic: every 50 ms each sender emits a room message, each echo a ping. */
    private static final class Traffic implements AutoCloseable {
        private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        private final List<Member> members = new CopyOnWriteArrayList<>();
        private final List<Echo> echoes = new CopyOnWriteArrayList<>();
        private volatile String phase = "before";

        Member member(Socket socket, String name) throws Exception {
            Member member = new Member(socket, name, this);
            JavaClients.emitWithAck(socket, "join", new JSONObject().put("room", ROOM));
            members.add(member);
            return member;
        }

        Echo echo(Socket socket) {
            Echo echo = new Echo(socket, this);
            echoes.add(echo);
            return echo;
        }

        void start() {
            ticks.scheduleAtFixedRate(this::tick, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** From now on, echoes are counted in {@code next} ({@code before}, {@code during}, {@code after}). */
        void phase(String next) {
            phase = next;
        }

        private void tick() {
            members.stream().filter(m -> m.name != null).forEach(Member::send);
            echoes.forEach(Echo::ping);
        }

        void stop() {
            ticks.shutdownNow();
        }

        /** Whether every ack and echo came back (the last messages may still be on their way: a moment). */
        boolean quiet() {
            return members.stream().allMatch(m -> m.name == null || m.acked() == m.sent())
                    && echoes.stream().allMatch(e -> e.unanswered() == 0);
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** A client in the room: it sends numbered messages when it has a name, and keeps what it receives. */
    private static final class Member {
        final Socket socket;
        final String name;
        private final AtomicInteger next = new AtomicInteger();
        private final List<Integer> acked = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();

        Member(Socket socket, String name, Traffic traffic) {
            this.socket = socket;
            this.name = name;
            socket.on("my_response", args -> {
                if (args.length > 0 && args[0] instanceof JSONObject message && ROOM.equals(message.opt("room"))) {
                    Matcher data = DATA.matcher(message.optString("data"));
                    if (data.matches()) {
                        received.computeIfAbsent(data.group(1), k -> new CopyOnWriteArrayList<>())
                                .add(Integer.parseInt(data.group(2)));
                    }
                }
            });
        }

        void send() {
            int number = next.getAndIncrement();
            JSONObject message = new JSONObject(Map.of("room", ROOM, "data", name + ":" + number));
            socket.emit("my_room_event", message, (Ack) args -> acked.add(number));
        }

        int sent() {
            return next.get();
        }

        int acked() {
            return acked.size();
        }

        /** The numbers the node acknowledged, in order. */
        List<Integer> ackedNumbers() {
            synchronized (acked) {
                return acked.stream().sorted().toList();
            }
        }

        List<Integer> received(String sender) {
            return List.copyOf(received.getOrDefault(sender, List.of()));
        }

        int got(String sender) {
            return received.getOrDefault(sender, List.of()).size();
        }

        boolean gotFrom(String sender, int from) {
            return received.getOrDefault(sender, List.of()).stream().anyMatch(n -> n >= from);
        }
    }

    /** A client pinging its node ({@code my_ping} with an ack) and keeping each round trip by phase. */
    private static final class Echo {
        private final Socket socket;
        private final Traffic traffic;
        private final AtomicInteger pending = new AtomicInteger();
        private final Map<String, List<Long>> micros = new ConcurrentHashMap<>();

        Echo(Socket socket, Traffic traffic) {
            this.socket = socket;
            this.traffic = traffic;
        }

        void ping() {
            String phase = traffic.phase;
            long sent = System.nanoTime();
            pending.incrementAndGet();
            socket.emit("my_ping", (Ack) args -> {
                pending.decrementAndGet();
                micros.computeIfAbsent(phase, k -> new CopyOnWriteArrayList<>()).add((System.nanoTime() - sent) / 1000);
            });
        }

        int unanswered() {
            return pending.get();
        }

        int answeredIn(String phase) {
            return micros.getOrDefault(phase, List.of()).size();
        }

        /** {@code n echoes, p50 x ms, p99 y ms, max z ms} of a phase. */
        String summary(String phase) {
            List<Long> sorted =
                    micros.getOrDefault(phase, List.of()).stream().sorted().toList();
            if (sorted.isEmpty()) {
                return "no echo";
            }
            return String.format(
                    Locale.ROOT,
                    "%d echoes, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    sorted.size(),
                    at(sorted, 0.50) / 1000.0,
                    at(sorted, 0.99) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0);
        }

        private static long at(List<Long> sorted, double quantile) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
        }
    }
}
