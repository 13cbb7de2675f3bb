package dev.skein.clientdemo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.BalancedClient;
import dev.skein.testing.BalancedCluster;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client demo's jar as a user runs it, driven over stdin and stdout, against real nodes (the server
 * jar), alone or behind a real HAProxy.
 */
class ClientDemoIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TIMESTAMPED = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (.*)$");
    private static final Pattern GREETING = Pattern.compile("\\[#0 @(\\S+)] Connected");

    @Test
    void joinsTheRoomPrintsWhatItReceivesAndSendsEachLineTyped() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess node = ServerProcess.onLoopback(port, Map.of("SKEIN_NODE_ID", "node-a"));
                JavaClients others = new JavaClients(TestEnvironment.url(port));
                Demo demo = Demo.start(
                        "--url",
                        TestEnvironment.url(port),
                        "--room",
                        "lobby",
                        "--transport",
                        "websocket",
                        "--auth",
                        "{\"token\":\"t-1\"}")) {
            demo.awaitLine("[#1 @node-a] In rooms: [lobby]");
            io.socket.client.Socket other =
                    await().atMost(WAIT).ignoreExceptions().until(() -> others.connect("/"), s -> true);
            List<String> heard = record(other);
            JavaClients.emitWithAck(other, "join", Map.of("room", "lobby"));

            JavaClients.emitWithAck(other, "my_room_event", Map.of("room", "lobby", "data", "from a java client"));
            demo.awaitLineMatching("\\[lobby #\\d+ @node-a] from a java client");

            demo.type("typed in the demo");
            await().atMost(WAIT).until(() -> heard.contains("typed in the demo"));

            demo.endInput();
            assertThat(demo.waitForExit()).isZero();
            assertThat(demo.lines()).allSatisfy(line -> assertThat(line).matches(TIMESTAMPED));
            assertThat(demo.texts()).endsWith("end of input", "disconnected: io client disconnect", "bye");
        }
    }

    @Test
    void behindHaproxyOverPollingItReconnectsToAnotherNodeAndRejoinsTheRoom() throws Exception {
        try (BalancedCluster cluster = BalancedCluster.start(2, Map.of());
                Demo demo = Demo.start("--url", cluster.url(), "--room", "ops", "--transport", "polling")) {
            demo.awaitLineMatching("\\[#1 @node-\\d] In rooms: \\[ops]");
            String first = demo.greetedBy().get(0);
            BalancedClient other = onAnotherNode(cluster, first);
            JavaClients.emitWithAck(other.socket(), "join", Map.of("room", "ops"));
            demo.type("before the crash");
            await().atMost(WAIT).until(() -> other.received().contains("before the crash"));

            cluster.node(Integer.parseInt(first.substring("node-".length()))).kill();

            await().atMost(WAIT).until(() -> demo.greetedBy().size() == 2);
            assertThat(demo.greetedBy().get(1)).isEqualTo(other.node());
            demo.awaitLineMatching("reconnecting, attempt \\d+");
            demo.awaitLineCount("In rooms: [ops]", 2);
            demo.type("after the crash");
            await().atMost(WAIT).until(() -> other.received().contains("after the crash"));
            other.close();
        }
    }

    @Test
    void sigtermLeavesTheServerCleanly() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess node = ServerProcess.onLoopback(port, Map.of());
                Demo demo = Demo.start("--url", TestEnvironment.url(port))) {
            demo.awaitLineMatching("\\[#1 @\\S+] In rooms: \\[lobby]");

            demo.process.toHandle().destroy(); // SIGTERM, as Ctrl-C or kill; Process.destroy would also close the pipes

            assertThat(demo.waitForExit()).isEqualTo(143);
            assertThat(demo.texts())
                    .as("stderr: %s", demo.errors())
                    .endsWith("disconnected: io client disconnect", "bye");
        }
    }

    @Test
    void aBadFlagPrintsTheUsageAndExitsWithStatusTwo() throws Exception {
        try (Demo demo = Demo.start("--transport", "pigeon")) {
            assertThat(demo.waitForExit()).isEqualTo(2);
            assertThat(demo.errors()).contains("skein-client-demo: --transport must be polling, websocket or both");
            assertThat(demo.errors()).contains("usage: java -jar skein-client-demo.jar");
        }
    }

    private static BalancedClient onAnotherNode(BalancedCluster cluster, String node) {
        List<BalancedClient> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 6; attempt++) {
            BalancedClient client = BalancedClient.connect(cluster.url(), "websocket");
            await().atMost(WAIT).until(() -> client.node() != null);
            if (!node.equals(client.node())) {
                Closing.all(tried.toArray(AutoCloseable[]::new));
                return client;
            }
            tried.add(client);
        }
        throw new AssertionError("HAProxy sent every client to " + node);
    }

    private static List<String> record(io.socket.client.Socket socket) {
        List<String> heard = new CopyOnWriteArrayList<>();
        socket.on("my_response", args -> {
            if (args.length > 0 && args[0] instanceof org.json.JSONObject message) {
                heard.add(String.valueOf(message.opt("data")));
            }
        });
        return heard;
    }

    /** The demo jar in its own JVM: stdin to type into, stdout read line by line. */
    private static final class Demo implements AutoCloseable {
        private final Process process;
        private final Writer input;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final StringBuilder errors = new StringBuilder();
        private final List<Thread> readers = new ArrayList<>();

        private Demo(Process process) {
            this.process = process;
            this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            follow(
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    lines::add);
            follow(
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                    line -> {
                        synchronized (errors) {
                            errors.append(line).append('\n');
                        }
                    });
        }

        static Demo start(String... args) {
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
            command.addAll(List.of(args));
            try {
                return new Demo(new ProcessBuilder(command).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path jar() {
            return Paths.get(System.getProperty("skein.clientDemoJar", "target/skein-client-demo.jar"));
        }

        private void follow(BufferedReader reader, java.util.function.Consumer<String> sink) {
            Thread thread = new Thread(() -> {
                try (reader) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
            readers.add(thread);
        }

        void type(String line) throws IOException {
            input.write(line + "\n");
            input.flush();
        }

        void endInput() throws IOException {
            input.close();
        }

        int waitForExit() throws InterruptedException {
            assertThat(process.waitFor(15, TimeUnit.SECONDS))
                    .as("demo exited; output %s", lines)
                    .isTrue();
            // the readers have read everything once the pipes end
            for (Thread reader : readers) {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            }
            return process.exitValue();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        /** The lines without their timestamps. */
        List<String> texts() {
            return lines.stream()
                    .map(line -> {
                        Matcher m = TIMESTAMPED.matcher(line);
                        return m.matches() ? m.group(1) : line;
                    })
                    .toList();
        }

        String errors() {
            synchronized (errors) {
                return errors.toString();
            }
        }

        /** The node of each greeting ({@code [#0 @node] Connected}), in order: one per connection. */
        List<String> greetedBy() {
            List<String> nodes = new ArrayList<>();
            for (String text : texts()) {
                Matcher m = GREETING.matcher(text);
                if (m.matches()) {
                    nodes.add(m.group(1));
                }
            }
            return nodes;
        }

        void awaitLine(String text) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(texts()).contains(text));
        }

        void awaitLineMatching(String regex) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(texts()).anyMatch(t -> t.matches(regex)));
        }

        void awaitLineCount(String ending, int count) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(texts().stream().filter(t -> t.endsWith(ending)))
                    .hasSize(count));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
