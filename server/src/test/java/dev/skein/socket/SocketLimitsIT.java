package dev.skein.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.config.LimitsConfig;
import dev.skein.testing.RawPolling;
import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.TestNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO layer's limits with real sockets: events per second per connection (an error
 * acknowledgement or a drop past the burst, and a DISCONNECT for a client that keeps flooding), namespaces
 * per connection (CONNECT_ERROR), rooms per socket (the demo's {@code my_error}, the Java API's {@link
 * RoomLimitException}). Each refusal is counted, and other clients keep their echo.
 */
class SocketLimitsIT {
    private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

    @Test
    void eventsPastTheBurstGetAnErrorAckOrAreDropped() {
        try (TestNode node = start(l -> l.eventsPerSecond(1).eventBurst(5))) {
            RawPolling client = RawPolling.open("127.0.0.1", node.server().port());
            client.connect();
            double before = counter(node, "skein.limits.rejected", "events_per_second");

            // one payload, handled in one go: 5 events within the burst, then 3 over it
            client.send(
                    "421[\"echo\",1]",
                    "422[\"echo\",2]",
                    "423[\"echo\",3]",
                    "424[\"echo\",4]",
                    "425[\"echo\",5]",
                    "42[\"my_event\",{\"data\":\"dropped\"}]",
                    "42[\"my_event\",{\"data\":\"dropped\"}]",
                    "4299[\"echo\",99]");
            List<String> packets = client.pollUntil("4399");

            assertThat(packets).contains("431[1]", "432[2]", "433[3]", "434[4]", "435[5]");
            assertThat(packets.get(packets.size() - 1)).isEqualTo("4399[{\"error\":\"rate limited\"}]");
            assertThat(packets).noneMatch(p -> p.contains("dropped"));
            assertThat(counter(node, "skein.limits.rejected", "events_per_second"))
                    .isEqualTo(before + 3);
        }
    }

    @Test
    void aClientThatKeepsFloodingIsDisconnectedWhileOthersKeepTheirEcho() throws Exception {
        try (TestNode node = start(l -> l.eventsPerSecond(1).eventBurst(5).eventFloodCloseSeconds(2));
                RawTcpWebSocket flooder = connected(node);
                RawTcpWebSocket healthy = connected(node)) {
            double closedBefore = counter(node, "skein.limits.closed", "events_per_second");

            // about 50 events a second against 1 allowed, until the node has had enough (at most 20 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (counter(node, "skein.limits.closed", "events_per_second") == closedBefore
                    && System.nanoTime() < deadline) {
                try {
                    for (int i = 0; i < 5; i++) {
                        flooder.sendText("42[\"my_ping\"]");
                    }
                } catch (UncheckedIOException e) {
                    break;
                }
                Thread.sleep(100);
            }

            assertThat(counter(node, "skein.limits.closed", "events_per_second"))
                    .isEqualTo(closedBefore + 1);
            assertThat(textsUntilClosed(flooder)).contains("41");
            assertEcho(healthy);
        }
    }

    @Test
    void aConnectPastTheNamespaceLimitGetsConnectErrorUntilOneIsLeft() {
        try (TestNode node = start(l -> l.maxNamespacesPerConnection(2))) {
            node.server().of("/a");
            node.server().of("/b");
            try (RawTcpWebSocket client = connected(node)) {
                double before = counter(node, "skein.limits.rejected", "namespaces_per_connection");

                client.sendText("40/a,");
                assertThat(client.nextPacket("40/a,")).startsWith("40/a,{");
                client.sendText("40/b,");
                assertThat(nextOf(client, "/b,"))
                        .isEqualTo("44/b,{\"message\":\"Too many namespaces\",\"data\":{\"limit\":2}}");
                assertThat(counter(node, "skein.limits.rejected", "namespaces_per_connection"))
                        .isEqualTo(before + 1);

                client.sendText("41/a,");
                client.sendText("40/b,");
                assertThat(nextOf(client, "/b,")).startsWith("40/b,{");
                assertEcho(client);
            }
        }
    }

    @Test
    void aJoinPastTheRoomLimitIsAnsweredWithMyErrorAndTheJavaApiThrows() {
        try (TestNode node = start(l -> l.maxRoomsPerSocket(3))) {
            node.server()
                    .sockets()
                    .onConnection(socket -> socket.on("join-rooms", (args, ack) -> {
                        String[] rooms =
                                args.asList().stream().map(String::valueOf).toArray(String[]::new);
                        try {
                            socket.join(rooms);
                            ack.send("joined", socket.rooms().size());
                        } catch (RoomLimitException e) {
                            ack.send("refused", e.limit(), socket.rooms().size());
                        }
                    }));
            try (RawTcpWebSocket client = connected(node)) {
                double before = counter(node, "skein.limits.rejected", "rooms_per_socket");

                assertThat(join(client, 1, "r1")).startsWith("431[{\"count\":");
                assertThat(join(client, 2, "r2")).startsWith("432[{\"count\":");
                assertThat(join(client, 3, "r3")).startsWith("433[{\"count\":");
                client.sendText("424[\"join\",{\"room\":\"r4\"}]");
                assertThat(client.nextPacket("42[\"my_error\""))
                        .isEqualTo("42[\"my_error\",{\"message\":\"too many rooms: at most 3\"}]");
                assertThat(client.nextPacket("434")).isEqualTo("434[{\"message\":\"too many rooms: at most 3\"}]");
                // a room it is in already costs nothing; a room left makes space
                assertThat(join(client, 5, "r1")).startsWith("435[{\"count\":");
                client.sendText("426[\"leave\",{\"room\":\"r3\"}]");
                client.nextPacket("436");
                assertThat(join(client, 7, "r4")).startsWith("437[{\"count\":");

                // the Java API: all or nothing
                client.sendText("428[\"join-rooms\",\"x\",\"r1\"]");
                assertThat(client.nextPacket("438")).isEqualTo("438[\"refused\",3,4]");
                client.sendText("429[\"join-rooms\",\"r1\",\"r2\"]");
                assertThat(client.nextPacket("439")).isEqualTo("439[\"joined\",4]");
                assertThat(counter(node, "skein.limits.rejected", "rooms_per_socket"))
                        .isEqualTo(before + 2);
            }
        }
    }

    @Test
    void withTheLimitsOffNothingIsRefused() {
        try (TestNode node = TestNode.start(b -> b.limits(LimitsConfig.unlimited()));
                RawTcpWebSocket client = connected(node)) {
            for (int i = 0; i < 300; i++) {
                client.sendText("42[\"my_ping\"]");
            }
            for (int room = 0; room < 250; room++) {
                client.sendText("42[\"join\",{\"room\":\"r" + room + "\"}]");
            }
            assertEcho(client);
            assertThat(node.server()
                            .metrics()
                            .registry()
                            .find("skein.limits.rejected")
                            .counters())
                    .allSatisfy(c -> assertThat(c.count()).isZero());
        }
    }

    private static TestNode start(UnaryOperator<LimitsConfig.Builder> limits) {
        return TestNode.start(b -> b.limits(limits));
    }

    private static String join(RawTcpWebSocket client, int ackId, String room) {
        client.sendText("42" + ackId + "[\"join\",{\"room\":\"" + room + "\"}]");
        return client.nextPacket("43" + ackId);
    }

    /** A websocket connected to "/". */
    private static RawTcpWebSocket connected(TestNode node) {
        RawTcpWebSocket socket = RawTcpWebSocket.open(node.server().port(), WEBSOCKET, 65_536, null);
        socket.readFrame();
        socket.sendText("40");
        assertThat(socket.nextPacket("40")).startsWith("40{");
        return socket;
    }

    /** The next Socket.IO packet of namespace {@code prefix} ({@code "/b,"}), of any type. */
    private static String nextOf(RawTcpWebSocket socket, String prefix) {
        for (int i = 0; i < 1_000; i++) {
            String text = socket.readFrame().text();
            if ("2".equals(text)) {
                socket.sendText("3");
            } else if (text.length() > 2 && text.startsWith(prefix, 2)) {
                return text;
            }
        }
        throw new AssertionError("no packet of " + prefix);
    }

    private static void assertEcho(RawTcpWebSocket socket) {
        socket.sendText("42777[\"echo\",\"still here\"]");
        assertThat(socket.nextPacket("43777")).isEqualTo("43777[\"still here\"]");
    }

    /** The text frames until the server closes the connection. */
    private static List<String> textsUntilClosed(RawTcpWebSocket socket) {
        List<String> texts = new ArrayList<>();
        try {
            while (true) {
                RawTcpWebSocket.Frame frame = socket.readFrame();
                if (frame.opcode() == 8) {
                    return texts;
                }
                texts.add(frame.text());
            }
        } catch (UncheckedIOException e) {
            return texts;
        }
    }

    private static double counter(TestNode node, String name, String limit) {
        return node.server().metrics().registry().counter(name, "limit", limit).count();
    }
}
