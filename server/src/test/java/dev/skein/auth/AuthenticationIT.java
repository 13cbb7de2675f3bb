package dev.skein.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import dev.skein.testing.TestNode;
import dev.skein.testing.TestTokens;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWT authentication configured without code, on a real node, with the official JavaScript client and the Java
 * client: refusals with their reasons, the claims in handlers, the expiry and the refresh, room authorization in
 * the demo app, the Bearer header of non-browser clients, and the metrics.
 */
class AuthenticationIT {
    private static final String SECRET = "an HS256 secret of the integration tests, 48 bytes";
    private static final String AUDIENCE = "skein-it";
    private static final String ISSUER = "https://id.skein.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestNode node;
    private JavaClients clients;

    @BeforeAll
    static void startNode() {
        // no clock skew: a token goes exactly at its exp
        node = TestNode.start(b -> b.auth(
                a -> a.jwtSecret(SECRET).jwtAudience(AUDIENCE).jwtIssuer(ISSUER).jwtClockSkew(Duration.ZERO)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void openClients() {
        clients = new JavaClients(node.url());
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void refusedClientsLearnWhyAndTheAcceptedOnesClaimsReachHandlers(String transports) throws Exception {
        double missingBefore = rejected("missing token");
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("expired", token(claims("alice", Instant.now().minusSeconds(60))));
        tokens.put(
                "notYetValid", token(claims("alice", inMinutes(10)).notBeforeTime(java.util.Date.from(inMinutes(5)))));
        tokens.put(
                "badSignature",
                TestTokens.hmac(
                        SECRET.toUpperCase(java.util.Locale.ROOT),
                        JWSAlgorithm.HS256,
                        claims("alice", inMinutes(10)).build()));
        tokens.put("wrongAudience", token(claims("alice", inMinutes(10)).audience("elsewhere")));
        tokens.put("wrongIssuer", token(claims("alice", inMinutes(10)).issuer("https://evil.test")));
        tokens.put("malformed", "not.a.jwt");
        tokens.put("unsigned", TestTokens.unsigned("{\"sub\":\"mallory\",\"exp\":9999999999}"));
        tokens.put("good", token(claims("alice", inMinutes(10)).claim("role", "admin")));

        JsonNode result =
                single(NodeScript.run("authConnect", node.url(), transports, JSON.writeValueAsString(tokens)));

        JsonNode refused = result.path("refused");
        Map<String, String> reasons = Map.of(
                "none", "missing token",
                "expired", "expired",
                "notYetValid", "not yet valid",
                "badSignature", "bad signature",
                "wrongAudience", "wrong audience",
                "wrongIssuer", "wrong issuer",
                "malformed", "malformed",
                "unsigned", "algorithm not allowed");
        reasons.forEach((name, reason) -> {
            assertThat(refused.path(name).path("message").asText()).as(name).isEqualTo("unauthorized");
            assertThat(refused.path(name).path("data").toString())
                    .as(name)
                    .isEqualTo("{\"reason\":\"" + reason + "\"}");
        });
        assertThat(result.path("whoami").path("subject").asText()).isEqualTo("alice");
        assertThat(result.path("whoami").path("claims").path("role").asText()).isEqualTo("admin");
        assertThat(result.path("whoami").path("claims").path("aud").asText()).isEqualTo(AUDIENCE);
        assertThat(result.path("whoami").path("claims").path("exp").isNumber()).isTrue();
        assertThat(rejected("missing token")).isEqualTo(missingBefore + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void aSocketIsToldAndDisconnectedWhenItsTokenExpiresAndABadRefreshDoesNotSaveIt(String transports)
            throws Exception {
        double expiredBefore = counter("skein.auth.expired");
        Instant exp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3);
        Map<String, String> tokens = Map.of(
                "token", token(claims("bob", exp)),
                "bad", token(claims("bob", Instant.now().minusSeconds(5))));

        JsonNode result = single(NodeScript.run("authExpiry", node.url(), transports, JSON.writeValueAsString(tokens)));

        assertThat(result.path("badRefresh").toString()).isEqualTo("{\"ok\":false,\"reason\":\"expired\"}");
        assertThat(result.path("expired")).hasSize(1);
        assertThat(result.path("expired").get(0).path("payload").toString()).isEqualTo("{\"reason\":\"expired\"}");
        assertThat(result.path("expired").get(0).path("transport").asText())
                .isEqualTo("polling".equals(transports) ? "polling" : "websocket");
        assertThat(result.path("reason").asText()).isEqualTo("io server disconnect");
        assertThat(result.path("active").asBoolean()).isFalse();
        assertThat(counter("skein.auth.expired")).isEqualTo(expiredBefore + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void aRefreshWithANewTokenOfTheSameSubjectKeepsTheSocketPastTheOldExpiry(String transports) throws Exception {
        Instant shortExp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3);
        Map<String, Object> tokens = Map.of(
                "short", token(claims("carol", shortExp)),
                "shortExp", shortExp.getEpochSecond(),
                "bad",
                        TestTokens.hmac(
                                SECRET.toUpperCase(java.util.Locale.ROOT),
                                JWSAlgorithm.HS256,
                                claims("carol", inMinutes(10))
                                        .audience(AUDIENCE)
                                        .issuer(ISSUER)
                                        .build()),
                "otherSubject", token(claims("mallory", inMinutes(10))),
                "long", token(claims("carol", inMinutes(10)).claim("generation", 2)));

        JsonNode result =
                single(NodeScript.run("authRefresh", node.url(), transports, JSON.writeValueAsString(tokens)));

        assertThat(result.path("bad").toString()).isEqualTo("{\"ok\":false,\"reason\":\"bad signature\"}");
        assertThat(result.path("other").toString()).isEqualTo("{\"ok\":false,\"reason\":\"subject changed\"}");
        assertThat(result.path("missing").toString()).isEqualTo("{\"ok\":false,\"reason\":\"missing token\"}");
        assertThat(result.path("ok").path("ok").asBoolean()).isTrue();
        assertThat(result.path("ok").path("exp").asLong()).isGreaterThan(shortExp.getEpochSecond());
        assertThat(result.path("expired").asInt()).isZero();
        assertThat(result.path("disconnected").isNull()).isTrue();
        assertThat(result.path("connected").asBoolean()).isTrue();
        assertThat(result.path("whoami").path("claims").path("generation").asInt())
                .isEqualTo(2);
    }

    @Test
    void theRoomsClaimDecidesWhichRoomsTheDemoLetsAClientJoinAndRefusalsAreAnswered() throws Exception {
        double refusedBefore = counter("skein.auth.rooms.refused");
        String token = token(claims("dave", inMinutes(10)).claim("rooms", List.of("orders-*", "lobby")));

        JsonNode result = single(
                NodeScript.run("authRooms", node.url(), "websocket", JSON.writeValueAsString(Map.of("token", token))));

        assertThat(result.path("joined").has("count")).isTrue();
        assertThat(result.path("responses").toString()).contains("In rooms: [orders-17]");
        assertThat(result.path("refused").toString()).isEqualTo("{\"message\":\"not allowed in room payroll\"}");
        assertThat(result.path("talk").toString()).isEqualTo("{\"message\":\"not allowed in room payroll\"}");
        assertThat(result.path("errors").toString())
                .isEqualTo("[\"not allowed in room payroll\",\"not allowed in room payroll\"]");
        assertThat(counter("skein.auth.rooms.refused")).isEqualTo(refusedBefore + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void javaClientsPresentTheTokenInABearerHeader(String transport) throws Exception {
        String token = token(claims("erin", inMinutes(10)));

        JavaClients.Outcome admitted =
                clients.attempt("/", Map.of(), transport, Map.of("Authorization", List.of("Bearer " + token)));
        JavaClients.Outcome refused = clients.attempt("/", Map.of(), transport, Map.of());
        JavaClients.Outcome wrongScheme =
                clients.attempt("/", Map.of(), transport, Map.of("Authorization", List.of("Token " + token)));

        assertThat(admitted.error()).isNull();
        Object[] whoami = JavaClients.emitWithAck(admitted.socket(), "whoami");
        assertThat(((JSONObject) whoami[0]).getString("subject")).isEqualTo("erin");
        for (JavaClients.Outcome outcome : List.of(refused, wrongScheme)) {
            JSONObject error = (JSONObject) outcome.error();
            assertThat(error.getString("message")).isEqualTo("unauthorized");
            assertThat(error.getJSONObject("data").getString("reason")).isEqualTo("missing token");
        }
    }

    @Test
    void everyNamespaceIsGuardedAndTheGuardRunsBeforeTheApplicationsMiddleware() throws Exception {
        java.util.concurrent.atomic.AtomicInteger middlewareRuns = new java.util.concurrent.atomic.AtomicInteger();
        node.server()
                .of("/reports")
                .use((socket, next) -> {
                    middlewareRuns.incrementAndGet();
                    // the claims are already there: the guard ran first
                    socket.data()
                            .put(
                                    "seenBy",
                                    Claims.from(socket).flatMap(Claims::subject).orElse("nobody"));
                    next.proceed();
                })
                .onConnection(socket ->
                        socket.on("seen", (args, ack) -> ack.send(socket.data().get("seenBy"))));
        String token = token(claims("frank", inMinutes(10)));

        JavaClients.Outcome refused = clients.attempt("/reports", Map.of());
        io.socket.client.Socket admitted = clients.connect("/reports", Map.of("token", token));

        assertThat(((JSONObject) refused.error()).getJSONObject("data").getString("reason"))
                .isEqualTo("missing token");
        assertThat(JavaClients.emitWithAck(admitted, "seen")).containsExactly("frank");
        assertThat(middlewareRuns).hasValue(1);
    }

    @Test
    void theJarTakesAPublicKeyFromItsEnvironment(@TempDir Path dir) throws Exception {
        KeyPair keys = TestTokens.ec("secp256r1");
        Path pem = TestTokens.write(
                dir.resolve("issuer.pem"),
                TestTokens.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        int port = ServerProcess.freePort();
        try (ServerProcess server =
                        ServerProcess.onLoopback(port, Map.of("SKEIN_AUTH_JWT_PUBLIC_KEY", pem.toString()));
                JavaClients viaJar = new JavaClients(TestEnvironment.url(port))) {
            String token = TestTokens.signed(
                    keys,
                    JWSAlgorithm.ES256,
                    null,
                    TestTokens.claims("gina", inMinutes(5)).build());
            String forged = TestTokens.signed(
                    TestTokens.ec("secp256r1"),
                    JWSAlgorithm.ES256,
                    null,
                    TestTokens.claims("gina", inMinutes(5)).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.output()
                    .contains("Listening on"));

            assertThat(viaJar.attempt("/", Map.of("token", token)).error()).isNull();
            assertThat(((JSONObject)
                                    viaJar.attempt("/", Map.of("token", forged)).error())
                            .getJSONObject("data")
                            .getString("reason"))
                    .isEqualTo("bad signature");
            assertThat(server.output()).contains("Clients authenticate on every namespace: JWT ES256 (EC P-256)");
        }
    }

    @Test
    void aKeyFileThatIsNotAKeyOrAShortSecretStopsTheJarWithOneLine(@TempDir Path dir) throws Exception {
        Path notAKey = TestTokens.write(dir.resolve("key.pem"), "hello\n");
        String shortSecret = "too-short-to-sign";

        try (ServerProcess server = ServerProcess.start(Map.of("SKEIN_AUTH_JWT_PUBLIC_KEY", notAKey.toString()))) {
            assertThat(server.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(server.output())
                    .startsWith("skein: SKEIN_AUTH_JWT_PUBLIC_KEY : " + notAKey + " (expected: a PEM public key")
                    .doesNotContain("\tat ");
            assertThat(server.output().lines()).hasSize(1);
        }
        try (ServerProcess server = ServerProcess.start(Map.of("SKEIN_AUTH_JWT_SECRET", shortSecret))) {
            assertThat(server.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(server.output())
                    .startsWith("skein: SKEIN_AUTH_JWT_SECRET : (hidden, 17 characters) (expected: at least 32 bytes")
                    .doesNotContain(shortSecret);
            assertThat(server.output().lines()).hasSize(1);
        }
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant exp) {
        return TestTokens.claims(subject, exp).audience(AUDIENCE).issuer(ISSUER);
    }

    private static String token(JWTClaimsSet.Builder claims) {
        return TestTokens.hmac(SECRET, JWSAlgorithm.HS256, claims.build());
    }

    private static Instant inMinutes(long minutes) {
        return Instant.now().plus(Duration.ofMinutes(minutes));
    }

    private static double rejected(String reason) {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.auth.rejected", "reason", reason)
                .count();
    }

    private static double counter(String name) {
        return node.server().metrics().registry().counter(name).count();
    }

    private static JsonNode single(List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
