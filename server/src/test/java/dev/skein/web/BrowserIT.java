package dev.skein.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.BalancedClient;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.Closing;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo page in a real browser (Debian's Chromium, driven by playwright-core from {@code browser.mjs}),
 * served and connected through a real HAProxy in front of two real nodes clustered over a real
 * redis-server. Each scenario leaves a screenshot of its end in {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

    private static BalancedCluster cluster;
    private static Map<String, String> cookies;

    @BeforeAll
    static void startCluster() {
        cluster = BalancedCluster.start(2, Map.of("SKEIN_DRAIN_DELAY_MS", "1000"));
        cookies = cluster.stickyCookies();
    }

    @AfterAll
    static void stopCluster() {
        Closing.all(cluster);
    }

    @Test
    void pagesPinnedToDifferentNodesJoinARoomAndSeeEachOthersMessages() throws Exception {
        List<JsonNode> lines = run("rooms", pinnedTo("node-1"), pinnedTo("node-2"));

        assertThat(statuses(lines)).extracting(s -> s.path("node").asText()).containsExactly("node-1", "node-2");
        assertThat(statuses(lines))
                .allSatisfy(s -> assertThat(s.path("state").asText()).isEqualTo("connected"));
        assertThat(screenshots(lines)).hasSize(2);
    }

    @Test
    void aPageForcedToLongPollingWorksThroughHaproxy() throws Exception {
        List<JsonNode> lines = run("polling");

        JsonNode status = statuses(lines).get(0);
        assertThat(status.path("transport").asText()).isEqualTo("polling");
        assertThat(status.path("latency").asText()).matches("\\d+ ms");
        assertThat(screenshots(lines)).hasSize(1);
    }

    @Test
    void theDisconnectAndReconnectButtonsWork() throws Exception {
        List<JsonNode> lines = run("buttons");

        assertThat(statuses(lines))
                .extracting(s -> s.path("state").asText())
                .containsExactly("disconnected", "connected");
        assertThat(screenshots(lines)).hasSize(1);
    }

    @Test
    @Order(Integer.MAX_VALUE) // it stops node-1: the last of the class
    void aPageSurvivesItsNodeBeingStoppedAndShowsTheNewNode() throws Exception {
        ServerProcess pinned = cluster.node(1);

        List<JsonNode> lines = run(
                "failover",
                line -> {
                    if (line.has("stop")) {
                        assertThat(line.path("stop").asText()).isEqualTo("node-1");
                        pinned.terminate();
                        return true;
                    }
                    return false;
                },
                pinnedTo("node-1"));

        assertThat(pinned.waitForExit(Duration.ofSeconds(15))).isIn(0, 143);
        assertThat(statuses(lines)).extracting(s -> s.path("node").asText()).containsExactly("node-1", "node-2");
        assertThat(screenshots(lines)).hasSize(1);
    }

    /** A cookie argument of browser.mjs that pins a page to {@code node}. */
    private static String pinnedTo(String node) {
        return BalancedClient.STICKY_COOKIE + "=" + cookies.get(node);
    }

    private static List<JsonNode> run(String scenario, String... cookieArgs) throws Exception {
        return run(scenario, line -> false, cookieArgs);
    }

    /** What the test does for a line the script prints: true when it answered the script on stdin. */
    private interface LineHandler {
        boolean handle(JsonNode line) throws Exception;
    }

    /** Runs a scenario of browser.mjs to its end; {@code handler} sees each line and may answer it. */
    private static List<JsonNode> run(String scenario, LineHandler handler, String... cookieArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                scenario, cluster.url(), TestEnvironment.screenshotsDir().toString()));
        args.addAll(List.of(cookieArgs));
        Process browser = NodeScript.startScript("browser.mjs", args.toArray(String[]::new));
        try (Writer stdin = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8)) {
            List<JsonNode> lines = NodeScript.follow(browser);
            int handled = 0;
            long deadline = System.nanoTime() + SCENARIO_TIMEOUT.toNanos();
            while (browser.isAlive() && System.nanoTime() < deadline) {
                for (; handled < lines.size(); handled++) {
                    if (handler.handle(lines.get(handled))) {
                        stdin.write("go\n");
                        stdin.flush();
                    }
                }
                browser.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertThat(browser.waitFor(5, TimeUnit.SECONDS))
                    .as("browser scenario %s ended", scenario)
                    .isTrue();
            String stderr = new String(browser.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> lines.stream().anyMatch(l -> l.has("done") || l.has("error")));
            assertThat(browser.exitValue())
                    .as("browser scenario %s: %s %s", scenario, lines, stderr)
                    .isZero();
            return lines;
        } finally {
            browser.destroyForcibly();
        }
    }

    private static List<JsonNode> statuses(List<JsonNode> lines) {
        return lines.stream()
                .filter(l -> l.has("status"))
                .map(l -> l.path("status"))
                .toList();
    }

    private static List<Path> screenshots(List<JsonNode> lines) throws IOException {
        List<Path> files = lines.stream()
                .filter(l -> l.has("screenshot"))
                .map(l -> Path.of(l.path("screenshot").asText()))
                .toList();
        for (Path file : files) {
            assertThat(file).exists();
            assertThat(Files.size(file)).isGreaterThan(1_000);
        }
        return files;
    }
}
