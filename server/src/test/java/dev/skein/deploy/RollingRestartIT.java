package dev.skein.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.BalancedClient;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.Closing;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of three real nodes (the jar, clustered over a real redis-server, default drain
 * settings) behind the shipped HAProxy configuration, under steady traffic: six clients (websocket and
 * long-polling, Java, keeping cookies, reconnecting by themselves) in one room, each sending a numbered
 * message to it every 100 ms while connected. Every client reconnects, and every message arrives exactly
 * once, in order per sender, at every member that was in the room throughout its delivery (defined in
 * {@code docs/reliability.md}, <i>Rolling restart</i>, and in {@link Participant#owed}).
 */
class RollingRestartIT {
    private static final int NODES = 3;
    private static final int CLIENTS = 6;
    private static final String ROOM = "rolling";
    private static final Duration EVERY = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern DATA = Pattern.compile("(c\\d+):(\\d+)");

    private BalancedCluster cluster;
    private final List<Participant> participants = new ArrayList<>();
    private final ScheduledExecutorService senders = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        senders.shutdownNow();
        Closing.all(participants.stream().map(p -> p.client).toArray(AutoCloseable[]::new));
        Closing.all(cluster);
    }

    @Test
    void everyMessageSentWhileItsSenderWasConnectedArrivesOnceInOrderAtEveryMemberThatStayed() throws Exception {
        cluster = BalancedCluster.start(NODES, Map.of());
        for (int i = 0; i < CLIENTS; i++) {
            participants.add(new Participant(
                    "c" + i, BalancedClient.connect(cluster.url(), i % 2 == 0 ? "websocket" : "polling")));
        }
        await().atMost(WAIT).until(() -> participants.stream().allMatch(Participant::inRoom));
        assertThat(participants.stream().map(p -> p.client.node()).distinct())
                .as("HAProxy's leastconn spreads the clients over every node")
                .hasSize(NODES);
        senders.scheduleAtFixedRate(
                () -> participants.forEach(Participant::send), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> participants.stream().allMatch(p -> p.receivedCount() > 30));

        // as an orchestrator rolls a deployment: one node at a time, the next once the new one is in service
        for (int node = 1; node <= NODES; node++) {
            cluster.node(node).terminate();
            assertThat(cluster.node(node).waitForExit(Duration.ofSeconds(20))).isIn(0, 143);
            cluster.restart(node);
        }
        await().atMost(WAIT).until(() -> participants.stream().allMatch(Participant::inRoom));
        Thread.sleep(3_000);
        senders.shutdownNow();
        assertThat(senders.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        // every client reconnected, each at least once (every node it was on restarted)
        for (Participant participant : participants) {
            assertThat(participant.client.isConnected())
                    .as("%s", participant.client)
                    .isTrue();
            assertThat(participant.client.nodes()).as("%s", participant.client).hasSizeGreaterThanOrEqualTo(2);
        }
        // the last messages may still be on their way: wait (bounded) until every owed one came, then check all
        await().atMost(WAIT).untilAsserted(() -> {
            for (Participant receiver : participants) {
                for (Participant sender : participants) {
                    receiver.assertExactlyOnceInOrder(sender);
                }
            }
        });
        for (Participant receiver : participants) {
            for (Participant sender : participants) {
                assertThat(receiver.owed(sender))
                        .as("%s's messages owed to %s", sender.name, receiver.name)
                        .isNotEmpty();
            }
        }
        report();
    }

    private void report() {
        long sent = 0;
        long acked = 0;
        long owed = 0;
        long delivered = 0;
        long windows = 0;
        for (Participant p : participants) {
            sent += p.sentCount();
            acked += p.ackedCount();
            delivered += p.receivedCount();
            windows += p.windowCount();
            for (Participant sender : participants) {
                owed += p.owed(sender).size();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Rolling restart of %d nodes under traffic: %d clients, %d membership windows; %d messages sent, %d"
                        + " acknowledged; %d deliveries owed, all made once and in order; %d deliveries in all (the"
                        + " rest reached a member at the edge of one of its windows)%n",
                NODES,
                CLIENTS,
                windows,
                sent,
                acked,
                owed,
                delivered);
    }

    /**
     * A client in the room, sending and receiving. Its life is a sequence of connections; in each, its
     * <b>window</b> opens when the server acknowledged its {@code join} (from then on it is in the room) and
     * closes when it disconnects. Times are the test JVM's {@code System.nanoTime()}. Thread-safe.
     */
    private static final class Participant {
        final String name;
        final BalancedClient client;
        private final List<Window> windows = new ArrayList<>();
        /** Its messages by number: the connection it was sent on, when, and when the server acknowledged it. */
        private final Map<Integer, Sent> sent = new HashMap<>();
        /** What arrived between a reconnection and its join's acknowledgement, by sender. */
        private final Map<String, List<Integer>> outside = new HashMap<>();

        private int next;
        private int connection;
        private Window current;

        Participant(String name, BalancedClient client) {
            this.name = name;
            this.client = client;
            Socket socket = client.socket();
            socket.on(Socket.EVENT_CONNECT, args -> joined());
            socket.on(Socket.EVENT_DISCONNECT, args -> left());
            socket.on("my_response", args -> {
                if (args.length > 0 && args[0] instanceof JSONObject message && ROOM.equals(message.opt("room"))) {
                    Matcher data = DATA.matcher(message.optString("data"));
                    if (data.matches()) {
                        received(data.group(1), Integer.parseInt(data.group(2)));
                    }
                }
            });
            if (socket.connected()) {
                joined();
            }
        }

        /** A connection began: join the room; the window opens with the acknowledgement. */
        private void joined() {
            int mine;
            synchronized (this) {
                mine = ++connection;
            }
            client.socket().emit("join", new JSONObject(Map.of("room", ROOM)), (Ack) args -> {
                synchronized (this) {
                    if (connection == mine && current == null && client.socket().connected()) {
                        current = new Window(System.nanoTime(), client.node());
                        windows.add(current);
                    }
                }
            });
        }

        private synchronized void left() {
            if (current != null) {
                current.end = System.nanoTime();
                current = null;
            }
            connection++;
        }

        private synchronized void received(String sender, int number) {
            if (current != null) {
                current.received.computeIfAbsent(sender, k -> new ArrayList<>()).add(number);
            } else {
                // between a reconnection and its join's acknowledgement: kept, to find duplicates
                outside.computeIfAbsent(sender, k -> new ArrayList<>()).add(number);
            }
        }

        /** Sends the next numbered message, only while connected and in the room. */
        void send() {
            int number;
            int on;
            synchronized (this) {
                if (current == null || !client.socket().connected()) {
                    return;
                }
                number = next++;
                on = connection;
                sent.put(number, new Sent(on, System.nanoTime(), client.node()));
            }
            JSONObject message = new JSONObject(Map.of("room", ROOM, "data", name + ":" + number));
            client.socket().emit("my_room_event", message, (Ack) args -> {
                synchronized (this) {
                    sent.get(number).ackedAt = System.nanoTime();
                }
            });
        }

        synchronized boolean inRoom() {
            return current != null && client.isConnected();
        }

        synchronized long receivedCount() {
            return windows.stream()
                            .flatMap(w -> w.received.values().stream())
                            .mapToLong(List::size)
                            .sum()
                    + outside.values().stream().mapToLong(List::size).sum();
        }

        synchronized int sentCount() {
            return sent.size();
        }

        synchronized long ackedCount() {
            return sent.values().stream().filter(s -> s.ackedAt != 0).count();
        }

        synchronized int windowCount() {
            return windows.size();
        }

        /**
         * The messages of {@code sender} that this member is owed, window by window. A message is owed in a
         * window when the server acknowledged it, it was sent after the window opened, and either the window
         * is still open (the test's end) or the member received in that window a later message that {@code
         * sender} sent on the same connection (so through the same node: this one was on its way first). A
         * message whose delivery the window's end may have cut short (no later one arrived) is not owed.
         */
        synchronized List<Integer> owed(Participant sender) {
            List<Integer> owed = new ArrayList<>();
            for (Window window : windows) {
                owed.addAll(window.owed(sender));
            }
            return owed;
        }

        /** No duplicate anywhere; in each window, increasing numbers and every owed message. */
        void assertExactlyOnceInOrder(Participant sender) {
            synchronized (this) {
                List<Integer> all = new ArrayList<>(outside.getOrDefault(sender.name, List.of()));
                for (Window window : windows) {
                    List<Integer> got = window.received.getOrDefault(sender.name, List.of());
                    all.addAll(got);
                    assertThat(got)
                            .as("%s's messages at %s in one window, in order", sender.name, name)
                            .isSorted();
                    assertThat(got)
                            .as(
                                    "%s's messages owed to %s in one window (%s); missing: %s",
                                    sender.name, name, window, window.describeMissing(sender, got))
                            .containsAll(window.owed(sender));
                }
                assertThat(all)
                        .as("%s's messages at %s, each at most once", sender.name, name)
                        .doesNotHaveDuplicates();
            }
        }

        private synchronized Map<Integer, Sent> sentCopy() {
            Map<Integer, Sent> copy = new HashMap<>();
            sent.forEach((n, s) -> copy.put(n, new Sent(s.connection, s.at, s.node, s.ackedAt)));
            return copy;
        }

        /** One membership window of a member: from its join's acknowledgement to its disconnection (0: open). */
        private static final class Window {
            final long start;
            /** The node that greeted the connection this window belongs to. */
            final String node;

            long end;
            final Map<String, List<Integer>> received = new HashMap<>();

            Window(long start, String node) {
                this.start = start;
                this.node = node;
            }

            /** For a failure's message: each owed message that did not come, as the sender saw it. */
            String describeMissing(Participant sender, List<Integer> got) {
                Map<Integer, Sent> sent = sender.sentCopy();
                List<String> missing = new ArrayList<>();
                for (int number : owed(sender)) {
                    if (!got.contains(number)) {
                        Sent s = sent.get(number);
                        missing.add(String.format(
                                Locale.ROOT,
                                "#%d sent on connection %d via %s at +%d ms, acked at +%d ms",
                                number,
                                s.connection,
                                s.node,
                                (s.at - start) / 1_000_000,
                                (s.ackedAt - start) / 1_000_000));
                    }
                }
                return missing.toString();
            }

            @Override
            public String toString() {
                return String.format(
                        Locale.ROOT,
                        "on %s, %s",
                        node,
                        end == 0 ? "open" : "closed after " + (end - start) / 1_000_000 + " ms");
            }

            List<Integer> owed(Participant sender) {
                Map<Integer, Sent> sent = sender.sentCopy();
                List<Integer> got = received.getOrDefault(sender.name, List.of());
                Set<Integer> evidenceConnections = new HashSet<>();
                Map<Integer, Integer> latestByConnection = new HashMap<>();
                for (int number : got) {
                    Sent s = sent.get(number);
                    if (s != null) {
                        evidenceConnections.add(s.connection);
                        latestByConnection.merge(s.connection, number, Math::max);
                    }
                }
                List<Integer> owed = new ArrayList<>();
                sent.forEach((number, s) -> {
                    boolean acked = s.ackedAt != 0;
                    boolean afterJoin = s.at >= start;
                    boolean overtaken =
                            evidenceConnections.contains(s.connection) && number < latestByConnection.get(s.connection);
                    if (acked && afterJoin && (end == 0 || overtaken)) {
                        owed.add(number);
                    }
                });
                owed.sort(null);
                return owed;
            }
        }

        /**
         * A message sent on connection {@code connection} through {@code node} at {@code at}, acknowledged at
         * {@code ackedAt} (0: not).
         */
        private static final class Sent {
            final int connection;
            final long at;
            /** The node that greeted the sender's connection (as the sender last heard). */
            final String node;

            long ackedAt;

            Sent(int connection, long at, String node) {
                this(connection, at, node, 0);
            }

            Sent(int connection, long at, String node, long ackedAt) {
                this.connection = connection;
                this.at = at;
                this.node = node;
                this.ackedAt = ackedAt;
            }
        }
    }
}
