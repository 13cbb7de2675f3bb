package dev.skein.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.JavaClients;
import dev.skein.testing.TestNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seams an embedding application plugs into, on a real node with the Java client: its own asynchronous
 * authenticator (answering on another thread; the connection resumes on its event loop), one that throws or
 * fails, and its own room authorizer behind the demo app's join.
 */
class AuthenticatorSeamIT {
    private static final ExecutorService directory = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-directory");
        t.setDaemon(true);
        return t;
    });
    private static final List<String> asked = new CopyOnWriteArrayList<>();
    private static final List<String> handlerThreads = new CopyOnWriteArrayList<>();

    private static TestNode node;
    private JavaClients clients;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
        // a directory lookup that answers later, on its own thread
        node.server().authenticator((namespace, handshake) -> {
            asked.add(namespace);
            Object user = handshake.auth().get("user");
            if ("boom".equals(user)) {
                throw new IllegalStateException("directory down");
            }
            return CompletableFuture.supplyAsync(
                    () -> {
                        if ("fail".equals(user)) {
                            throw new IllegalStateException("lookup failed");
                        }
                        return "bob".equals(user) || "zoe".equals(user)
                                ? AuthResult.accept(Claims.of(Map.of("sub", user, "team", "blue")))
                                : AuthResult.reject("unknown user");
                    },
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, directory));
        });
        node.server().roomAuthorizer((socket, room) -> Claims.from(socket)
                .flatMap(claims -> claims.string("team"))
                .map(team -> room.startsWith(team + "-"))
                .orElse(false));
        node.server()
                .sockets()
                .onConnection(
                        socket -> handlerThreads.add(Thread.currentThread().getName()));
    }

    @AfterAll
    static void stopNode() {
        node.close();
        directory.shutdownNow();
    }

    @BeforeEach
    void openClients() {
        clients = new JavaClients(node.url());
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void anAsynchronousAuthenticatorAdmitsOnTheClientsEventLoopWithItsClaims() throws Exception {
        io.socket.client.Socket bob = clients.connect("/", Map.of("user", "bob"));

        JSONObject whoami = (JSONObject) JavaClients.emitWithAck(bob, "whoami")[0];
        assertThat(whoami.getString("subject")).isEqualTo("bob");
        assertThat(whoami.getJSONObject("claims").getString("team")).isEqualTo("blue");
        assertThat(handlerThreads).isNotEmpty().allSatisfy(name -> assertThat(name)
                .startsWith("skein-io"));
        assertThat(asked).contains("/");
    }

    @Test
    void itsRefusalsReachTheClientAndAFailureRefusesWithError() throws Exception {
        JavaClients.Outcome unknown = clients.attempt("/", Map.of("user", "eve"));
        JavaClients.Outcome threw = clients.attempt("/", Map.of("user", "boom"));
        JavaClients.Outcome failed = clients.attempt("/", Map.of("user", "fail"));

        assertThat(reason(unknown)).isEqualTo("unknown user");
        assertThat(reason(threw)).isEqualTo("error");
        assertThat(reason(failed)).isEqualTo("error");
        assertThat(node.server()
                        .metrics()
                        .registry()
                        .counter("skein.auth.rejected", "reason", "unknown user")
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theApplicationsRoomAuthorizerDecidesTheDemosJoins() throws Exception {
        io.socket.client.Socket zoe = clients.connect("/", Map.of("user", "zoe"));

        Object[] allowed = JavaClients.emitWithAck(zoe, "join", new JSONObject(Map.of("room", "blue-7")));
        Object[] refused = JavaClients.emitWithAck(zoe, "join", new JSONObject(Map.of("room", "red-1")));

        assertThat(((JSONObject) allowed[0]).has("count")).isTrue();
        assertThat(((JSONObject) refused[0]).getString("message")).isEqualTo("not allowed in room red-1");
    }

    @Test
    void aNamespaceRefreshIsRefusedByAnAuthenticatorThatHasNone() throws Exception {
        io.socket.client.Socket bob = clients.connect("/", Map.of("user", "bob"));

        JSONObject answer = (JSONObject)
                JavaClients.emitWithAck(bob, AuthGuard.REFRESH_EVENT, new JSONObject(Map.of("token", "x")))[0];

        assertThat(answer.getBoolean("ok")).isFalse();
        assertThat(answer.getString("reason")).isEqualTo("refresh not supported");
    }

    private static String reason(JavaClients.Outcome outcome) throws Exception {
        JSONObject error = (JSONObject) outcome.error();
        assertThat(error.getString("message")).isEqualTo("unauthorized");
        return error.getJSONObject("data").getString("reason");
    }
}
