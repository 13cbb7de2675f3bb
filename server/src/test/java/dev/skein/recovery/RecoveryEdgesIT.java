package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.skein.config.SkeinConfig;
import dev.skein.server.SkeinServer;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import dev.skein.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Connection state recovery's edges, spoken by hand ({@link RawSocketIo}) to a real node, alone (sessions in
 * memory) and in a Redis cluster (sessions and stream in a real redis-server): a forged or stale private id or
 * offset gets a fresh socket and never someone else's session, and a session it did not restore stays for its
 * client; an offset older than the history, a deliberate disconnect, an expired session and another
 * namespace's id are not recovered; a client that received nothing recovers from its connect; the
 * application sees neither id in the handshake, and the recovered socket keeps its data without passing the
 * middleware again. Each outcome is counted.
 */
class RecoveryEdgesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_PACKETS = 50;

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Alone extends Edges {
        @Override
        TestNode startNode(UnaryOperator<SkeinConfig.Builder> recovery) {
            return TestNode.start(recovery);
        }

        @Override
        String offsetBefore(String offset) {
            return "0";
        }

        @Override
        String offsetInTheFuture(String offset) {
            return Long.toString(Long.parseLong(offset) + 1_000_000);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InACluster extends Edges {
        private RedisServer redis;

        @Override
        TestNode startNode(UnaryOperator<SkeinConfig.Builder> recovery) {
            if (redis == null) {
                redis = RedisServer.start();
            }
            return TestNode.start(b -> recovery.apply(b.redisUrl(redis.url())));
        }

        @Override
        String offsetBefore(String offset) {
            return "0-1";
        }

        @Override
        String offsetInTheFuture(String offset) {
            return "99999999999999-0";
        }

        /** The node writes sessions in its pipeline: wait until Redis has this one as it is now. */
        @Override
        void settled(String pid, boolean connected) {
            String key = "socket.io-session#/#" + pid;
            String script = "local s = redis.call('HGET', KEYS[1], 's') if s and string.find(s, '\"connected\":"
                    + connected + "') then return 1 end return 0";
            await().atMost(WAIT).until(() -> ":1".equals(redis.command("EVAL", script, "1", key)));
        }

        @AfterAll
        void stopRedis() {
            if (redis != null) {
                redis.close();
            }
        }
    }

    abstract static class Edges {
        TestNode node;
        final AtomicInteger middlewareRuns = new AtomicInteger();

        abstract TestNode startNode(UnaryOperator<SkeinConfig.Builder> recovery);

        /** An offset from before any session of this test began. */
        abstract String offsetBefore(String offset);

        /** An offset this node has not given yet. */
        abstract String offsetInTheFuture(String offset);

        /** Waits until a socket's session, connected or not, is where a restore finds it. */
        void settled(String pid, boolean connected) {}

        @BeforeAll
        void start() {
            node = startNode(b ->
                    b.recovery(r -> r.maxDisconnection(Duration.ofSeconds(30)).maxPackets(MAX_PACKETS)));
            install(node.server());
        }

        @AfterAll
        void stop() {
            node.close();
        }

        void install(SkeinServer server) {
            server.of("/other");
            server.sockets().use((socket, next) -> {
                middlewareRuns.incrementAndGet();
                next.proceed();
            });
            server.sockets().onConnection(socket -> {
                socket.on("remember", (args, ack) -> {
                    socket.data().put("remembered", args.get(0));
                    ack.send("ok");
                });
                socket.on("recall", (args, ack) -> ack.send(socket.data().get("remembered")));
                socket.on("auth", (args, ack) -> ack.send(socket.handshake().auth()));
                socket.on("bye", (args, ack) -> socket.disconnect());
                socket.on("rejoin", (args, ack) -> {
                    socket.join(String.valueOf(args.get(0)));
                    ack.send("ok");
                });
            });
        }

        /** A client connected to {@code "/"} that got one tick, then lost its connection. */
        RawSocketIo cutAfterOneTick(String room) {
            // an offset before the session's, whatever ran before
            node.server().to("nobody").emit("tick", 0);
            RawSocketIo client = RawSocketIo.open(node.url());
            client.connect("{}");
            client.send("420[\"rejoin\",\"" + room + "\"]");
            assertThat(client.until("30[")).isEqualTo("30[\"ok\"]");
            node.server().to(room).emit("tick", 1);
            assertThat(client.next("tick").path(1).asInt()).isEqualTo(1);
            client.cut();
            awaitGone(client.sid());
            settled(client.pid(), false);
            return client;
        }

        void awaitGone(String sid) {
            await().atMost(WAIT).until(() -> !node.server().sockets().sockets().containsKey(sid));
        }

        double restores(String outcome) {
            return node.server()
                    .metrics()
                    .registry()
                    .get("skein.recovery.restores")
                    .tag("outcome", outcome)
                    .counter()
                    .count();
        }

        @Test
        void theConnectAnswerCarriesAPrivateIdAndEventsAnOffset() {
            try (RawSocketIo client = RawSocketIo.open(node.url())) {
                client.connect("{}");
                assertThat(client.sid()).hasSize(20);
                assertThat(client.pid()).hasSize(24).isNotEqualTo(client.sid());
                JsonNode greeting = client.next("my_response");
                assertThat(greeting.get(greeting.size() - 1).isTextual()).isTrue();
                assertThat(client.lastOffset()).isNotNull();
            }
        }

        @Test
        void aForgedPrivateIdGetsAFreshSocket() {
            double unknown = restores("unknown");
            try (RawSocketIo client = RawSocketIo.open(node.url())) {
                List<String> missed = client.connect(RawSocketIo.recoveryAuth("AAAAAAAAAAAAAAAAAAAAAAAA", "1-0"));
                assertThat(missed).isEmpty();
                assertThat(client.pid()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAAAA");
            }
            assertThat(restores("unknown")).isEqualTo(unknown + 1);
        }

        @Test
        void aForgedOrStaleOffsetGetsAFreshSocketAndLeavesTheSessionToItsClient() {
            RawSocketIo lost = cutAfterOneTick("stale");
            node.server().to("stale").emit("tick", 2);
            double invalid = restores("invalid");
            for (String offset :
                    List.of("not-an-offset", offsetBefore(lost.lastOffset()), offsetInTheFuture(lost.lastOffset()))) {
                try (RawSocketIo forger = RawSocketIo.open(node.url())) {
                    assertThat(forger.connect(RawSocketIo.recoveryAuth(lost.pid(), offset)))
                            .as("nothing missed is given for offset %s", offset)
                            .isEmpty();
                    assertThat(forger.sid()).isNotEqualTo(lost.sid());
                    assertThat(forger.pid()).isNotEqualTo(lost.pid());
                }
            }
            try (RawSocketIo forger = RawSocketIo.open(node.url())) {
                forger.connect("{\"pid\":\"" + lost.pid() + "\",\"offset\":42}");
                assertThat(forger.sid()).isNotEqualTo(lost.sid());
            }
            assertThat(restores("invalid") + restores("gone")).isGreaterThanOrEqualTo(invalid + 4);

            try (RawSocketIo back = RawSocketIo.open(node.url())) {
                List<String> missed = back.connect(RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset()));
                assertThat(back.sid()).isEqualTo(lost.sid());
                assertThat(back.pid()).isEqualTo(lost.pid());
                assertThat(RawSocketIo.names(missed)).containsExactly("tick");
                assertThat(RawSocketIo.eventArgs(missed.get(0)).path(1).asInt()).isEqualTo(2);
            }
        }

        @Test
        void anOffsetOlderThanTheHistoryIsNotRecovered() {
            RawSocketIo lost = cutAfterOneTick("old");
            for (int i = 0; i < 10 * MAX_PACKETS; i++) {
                node.server().to("elsewhere").emit("flood", i);
            }
            double gone = restores("gone");
            try (RawSocketIo back = RawSocketIo.open(node.url())) {
                assertThat(back.connect(RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset())))
                        .isEmpty();
                assertThat(back.sid()).isNotEqualTo(lost.sid());
            }
            assertThat(restores("gone")).isEqualTo(gone + 1);
        }

        @Test
        void aSecondClientWithThePrivateIdTakesTheSessionOverAndTheFirstIsDisconnected() {
            RawSocketIo lost = cutAfterOneTick("twice");
            try (RawSocketIo first = RawSocketIo.open(node.url());
                    RawSocketIo second = RawSocketIo.open(node.url())) {
                first.connect(RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset()));
                assertThat(first.sid()).isEqualTo(lost.sid());
                settled(lost.pid(), true);
                second.connect(RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset()));
                assertThat(second.sid()).isEqualTo(lost.sid());
                assertThat(first.until("1"))
                        .as("the first is told it is disconnected")
                        .isEqualTo("1");
                node.server().to("twice").emit("tick", 2);
                assertThat(second.next("tick").path(1).asInt()).isEqualTo(2);
                assertThat(node.server().sockets().sockets()).containsKey(lost.sid());
            }
        }

        @Test
        void aDeliberateClientOrServerDisconnectForgetsTheSession() {
            for (String leave : List.of("41", "42[\"bye\"]")) {
                String pid;
                String sid;
                try (RawSocketIo client = RawSocketIo.open(node.url())) {
                    client.connect("{}");
                    pid = client.pid();
                    sid = client.sid();
                    client.send(leave);
                    awaitGone(sid);
                }
                try (RawSocketIo back = RawSocketIo.open(node.url())) {
                    back.connect(RawSocketIo.recoveryAuth(pid, null));
                    assertThat(back.sid()).as("after %s", leave).isNotEqualTo(sid);
                }
            }
        }

        @Test
        void anExpiredSessionIsNotRecovered() throws InterruptedException {
            try (TestNode brief = startNode(b -> b.recovery(r -> r.maxDisconnection(Duration.ofMillis(300))))) {
                String pid;
                String sid;
                try (RawSocketIo client = RawSocketIo.open(brief.url())) {
                    client.connect("{}");
                    pid = client.pid();
                    sid = client.sid();
                    client.cut();
                    await().atMost(WAIT)
                            .until(() -> !brief.server().sockets().sockets().containsKey(sid));
                }
                Thread.sleep(1_000); // past the 300 ms the session is kept
                try (RawSocketIo back = RawSocketIo.open(brief.url())) {
                    back.connect(RawSocketIo.recoveryAuth(pid, null));
                    assertThat(back.sid()).isNotEqualTo(sid);
                }
            }
        }

        @Test
        void aPrivateIdRestoresNothingInAnotherNamespace() {
            RawSocketIo lost = cutAfterOneTick("nsp");
            try (RawSocketIo other = RawSocketIo.open(node.url())) {
                other.connect("/other", RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset()));
                assertThat(other.sid()).isNotEqualTo(lost.sid());
            }
            try (RawSocketIo back = RawSocketIo.open(node.url())) {
                back.connect(RawSocketIo.recoveryAuth(lost.pid(), lost.lastOffset()));
                assertThat(back.sid()).isEqualTo(lost.sid());
            }
        }

        @Test
        void aClientThatReceivedNothingRecoversEverythingSinceItConnected() {
            String pid;
            String sid;
            try (RawSocketIo client = RawSocketIo.open(node.url())) {
                client.connect("{}");
                pid = client.pid();
                sid = client.sid();
                client.cut();
                awaitGone(sid);
                settled(pid, false);
            }
            node.server().to(sid).emit("tick", 1);
            node.server().emit("tick", 2);
            try (RawSocketIo back = RawSocketIo.open(node.url())) {
                List<String> missed = back.connect(RawSocketIo.recoveryAuth(pid, null));
                assertThat(back.sid()).isEqualTo(sid);
                // the demo's greeting, then both ticks: everything since it connected, nothing from before
                assertThat(RawSocketIo.names(missed)).containsExactly("my_response", "tick", "tick");
            }
        }

        @Test
        void anAuthenticatedSocketRecoversWithoutItsTokenAndStillExpiresWithIt() {
            String secret = "recovery-test-secret-of-at-least-32-bytes";
            try (TestNode secured = startNode(b -> b.recovery(r -> r.maxDisconnection(Duration.ofSeconds(30)))
                    .auth(a -> a.jwtSecret(secret).jwtClockSkew(Duration.ZERO)))) {
                String token = TestTokens.hmac(
                        secret,
                        JWSAlgorithm.HS256,
                        TestTokens.claims("ada", Instant.now().plusSeconds(3)).build());
                String pid;
                String sid;
                try (RawSocketIo client = RawSocketIo.open(secured.url())) {
                    client.connect("{\"token\":\"" + token + "\"}");
                    pid = client.pid();
                    sid = client.sid();
                    client.cut();
                    await().atMost(WAIT)
                            .until(() -> !secured.server().sockets().sockets().containsKey(sid));
                    settledOn(secured, pid);
                }
                try (RawSocketIo back = RawSocketIo.open(secured.url())) {
                    // the authenticator is skipped: the session was authenticated, its claims came back with it
                    back.connect(RawSocketIo.recoveryAuth(pid, null));
                    assertThat(back.sid()).isEqualTo(sid);
                    // and the token's expiry still ends it
                    assertThat(back.next("auth:expired").path(1).path("reason").asText())
                            .isEqualTo("expired");
                    assertThat(back.until("1")).isEqualTo("1");
                }
            }
        }

        /** Like {@link #settled}, for a session of another node of the same Redis. */
        void settledOn(TestNode other, String pid) {
            settled(pid, false);
        }

        @Test
        void theRecoveredSocketKeepsItsDataSkipsTheMiddlewareAndHidesItsIds() {
            RawSocketIo lost;
            try (RawSocketIo client = RawSocketIo.open(node.url())) {
                client.connect("{\"token\":\"t\"}");
                client.send("421[\"remember\",{\"n\":7}]");
                assertThat(client.until("31[")).isEqualTo("31[\"ok\"]");
                client.send("422[\"rejoin\",\"kept\"]");
                assertThat(client.until("32[")).isEqualTo("32[\"ok\"]");
                client.cut();
                awaitGone(client.sid());
                settled(client.pid(), false);
                lost = client;
            }
            int runs = middlewareRuns.get();
            double recovered = restores("recovered");
            try (RawSocketIo back = RawSocketIo.open(node.url())) {
                back.connect("{\"token\":\"t\",\"pid\":\"" + lost.pid() + "\"}");
                assertThat(back.sid()).isEqualTo(lost.sid());
                back.send("423[\"recall\"]");
                assertThat(back.until("33[")).isEqualTo("33[{\"n\":7}]");
                back.send("424[\"auth\"]");
                assertThat(back.until("34[")).isEqualTo("34[{\"token\":\"t\"}]");
                assertThat(node.server().sockets().sockets().get(back.sid()).rooms())
                        .containsExactlyInAnyOrder(back.sid(), "kept");
            }
            assertThat(middlewareRuns.get())
                    .as("the middleware did not run again")
                    .isEqualTo(runs);
            assertThat(restores("recovered")).isEqualTo(recovered + 1);
        }
    }
}
