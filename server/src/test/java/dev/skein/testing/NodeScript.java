package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario of {@code src/test/js/scenarios.mjs}: the official {@code socket.io-client} from npm,
 * driven by Node, against a Skein node. Each scenario prints JSON lines and ends with {@code
 * {"done":true}}.
 */
public final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeScript() {}

    /**
     * Runs {@code scenario} to its end and returns its JSON lines, {@code done} excluded; {@code more} are the
     * scenario's own arguments, after the transports.
     *
     * @throws AssertionError if the script fails, times out or does not finish
     */
    public static List<JsonNode> run(String scenario, String url, String transports, String... more) {
        return finish(start(scenario, url, transports, more), scenario + " (" + transports + ")");
    }

    /**
     * Runs another script of {@code src/test/js} with {@code args} to its end and returns its JSON lines,
     * {@code done} excluded.
     *
     * @throws AssertionError if the script fails, times out or does not finish
     */
    public static List<JsonNode> runScript(String script, String... args) {
        return finish(startScript(script, args), script);
    }

    private static List<JsonNode> finish(Process process, String scenario) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node scenario " + scenario + " did not finish in 30 s");
            }
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("node scenario " + scenario + " failed: " + stderr + stdout);
            }
            return parse(stdout, scenario);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code scenario} (with its own arguments {@code more}) and returns the running process; the caller
     * reads and ends it.
     */
    public static Process start(String scenario, String url, String transports, String... more) {
        Path dir = TestEnvironment.jsTestsDir();
        List<String> command = new ArrayList<>(List.of("node", "scenarios.mjs", scenario, url, transports));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run node in " + dir.toAbsolutePath(), e);
        }
    }

    /** Starts another script of {@code src/test/js} with {@code args}; the caller reads and ends it. */
    public static Process startScript(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path dir = TestEnvironment.jsTestsDir();
        try {
            return new ProcessBuilder(command).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run node in " + dir.toAbsolutePath(), e);
        }
    }

    /**
     * Follows a running script's output: the returned list grows with each JSON line it prints (read on a
     * daemon thread until the process ends).
     */
    public static List<JsonNode> follow(Process process) {
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Parses one output line. */
    public static JsonNode line(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static List<JsonNode> parse(String stdout, String scenario) {
        List<JsonNode> lines = new ArrayList<>();
        boolean done = false;
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = line(line);
            if (node.path("done").asBoolean()) {
                done = true;
            } else {
                lines.add(node);
            }
        }
        if (!done) {
            throw new AssertionError("node scenario " + scenario + " did not report done: " + stdout);
        }
        return lines;
    }
}
