package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runnable jar as an operator runs it: configuration errors, the page, SIGTERM draining. */
class ServerProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SKEIN_PORT|abc|SKEIN_PORT : abc (expected: an integer 0..65535)",
                "SKEIN_PORT|70000|SKEIN_PORT : 70000 (expected: 0..65535)",
                "SKEIN_PING_TIMEOUT_MS|0|SKEIN_PING_TIMEOUT_MS : 0 (expected: > 0 ms)",
                "SKEIN_TRANSPORTS|carrier-pigeon|SKEIN_TRANSPORTS : carrier-pigeon (expected: polling, websocket",
                "SKEIN_PROFILE|prod|SKEIN_PROFILE : prod (expected: demo or conformance)",
                "SKEIN_REDIS_URL|http://x|SKEIN_REDIS_URL : http://x (expected: redis://"
            })
    void badSettingExitsWithStatus2AndOneLineNamingIt(String variable, String value, String message) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(variable, value))) {
            assertThat(server.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(server.output()).startsWith("skein: " + message).doesNotContain("\tat ");
            assertThat(server.output().lines()).hasSize(1);
        }
    }

    @Test
    void flagsOverrideTheEnvironmentAndHelpListsEverySetting() throws Exception {
        try (ServerProcess help = ServerProcess.start(Map.of(), "--help")) {
            assertThat(help.waitForExit(Duration.ofSeconds(20))).isZero();
            assertThat(help.output())
                    .contains("SKEIN_PORT", "--port", "SKEIN_MGMT_PORT", "--mgmt-port", "SKEIN_SHUTDOWN_GRACE_MS");
        }
        try (ServerProcess bad = ServerProcess.start(Map.of("SKEIN_PORT", "1"), "--port", "nope")) {
            assertThat(bad.waitForExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(bad.output()).startsWith("skein: --port : nope");
        }
    }

    @ParameterizedTest
    @CsvSource({"SKEIN_PORT,set SKEIN_PORT", "SKEIN_MGMT_PORT,set SKEIN_MGMT_PORT"})
    void busyPortExitsWithStatus1AndSaysWhichSettingToChange(String variable, String advice) throws Exception {
        try (java.net.ServerSocket busy =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(TestEnvironment.LOOPBACK))) {
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "SKEIN_HOST", TestEnvironment.LOOPBACK,
                    "SKEIN_PORT", "" + ServerProcess.freePort(),
                    "SKEIN_MGMT_PORT", "" + ServerProcess.freePort()));
            env.put(variable, "" + busy.getLocalPort());
            try (ServerProcess server = ServerProcess.start(env)) {
                assertThat(server.waitForExit(Duration.ofSeconds(20))).isEqualTo(1);
                assertThat(server.output()).contains(advice).doesNotContain("\tat ");
            }
        }
    }

    @Test
    void sigtermDrainsClientsSoTheyReconnectAndExitsWithinTheGrace() throws Exception {
        int port = ServerProcess.freePort();
        int mgmt = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.onLoopback(
                port,
                mgmt,
                Map.of(
                        "SKEIN_NODE_ID",
                        "drain-me",
                        "SKEIN_SHUTDOWN_GRACE_MS",
                        "5000",
                        "SKEIN_DRAIN_DELAY_MS",
                        "500"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(mgmt, "/health/ready") == 200);
            assertThat(server.output()).contains("Listening on http://127.0.0.1:" + port + "/ (node=drain-me");
            assertThat(get(port, "/").body()).contains("<title>Skein demo</title>");

            Process watcher = NodeScript.start("watch", TestEnvironment.url(port), "websocket");
            List<JsonNode> events = NodeScript.follow(watcher);
            await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(events, "connect"));

            server.terminate();

            assertThat(server.waitForExit(Duration.ofSeconds(5 + 3))).isIn(0, 143);
            await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(events, "reconnect_attempt"));
            JsonNode disconnect = events.stream()
                    .filter(e -> "disconnect".equals(e.path("event").asText()))
                    .findFirst()
                    .orElseThrow();
            // a transport close, not "io server disconnect": the client reconnects (elsewhere)
            assertThat(disconnect.path("reason").asText()).isEqualTo("transport close");
            assertThat(disconnect.path("active").asBoolean()).isTrue();
            assertThat(server.output())
                    .contains("Draining node drain-me: readiness fails; serving 1 client connection(s) for 500 ms")
                    .contains("Draining node drain-me: closing 1 client connection(s)")
                    .contains("Drained node drain-me: closed 1 client connection(s)")
                    .contains("Stopped node drain-me");
            watcher.destroy();
        }
    }

    private static boolean hasEvent(List<JsonNode> events, String name) {
        return events.stream().anyMatch(e -> name.equals(e.path("event").asText()));
    }

    private static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestEnvironment.url(port) + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
