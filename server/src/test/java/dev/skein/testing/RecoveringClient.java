package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The official {@code socket.io-client} with connection state recovery, in its own Node process ({@code
 * src/test/js/recovery-client.mjs}): it reconnects by itself and recovers; on a fresh connection it joins its
 * rooms. Its output lines are kept as they come. Closing it ends the process.
 */
public final class RecoveringClient implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<JsonNode> lines;

    private RecoveringClient(String name, Process process) {
        this.name = name;
        this.process = process;
        this.lines = NodeScript.follow(process);
    }

    /**
     * Starts a client of {@code url} over {@code transport} ({@code websocket} or {@code polling}) that joins
     * {@code rooms} on each fresh connection.
     */
    public static RecoveringClient start(String name, String url, String transport, String... rooms) {
        return new RecoveringClient(
                name, NodeScript.startScript("recovery-client.mjs", url, transport, String.join(",", rooms), name));
    }

    public String name() {
        return name;
    }

    /** Every line printed so far, a snapshot. */
    public List<JsonNode> lines() {
        return List.copyOf(lines);
    }

    /** The lines of {@code event} ({@code connect}, {@code joined}, {@code disconnect}, {@code on}, ...). */
    public List<JsonNode> lines(String event) {
        return lines(line -> event.equals(line.path("event").asText()));
    }

    public List<JsonNode> lines(Predicate<JsonNode> which) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode line : lines) {
            if (which.test(line)) {
                found.add(line);
            }
        }
        return found;
    }

    /** The events called {@code name} received, each as its argument list (the offset last, when it has one). */
    public List<JsonNode> received(String eventName) {
        List<JsonNode> args = new ArrayList<>();
        for (JsonNode line : lines("on")) {
            if (eventName.equals(line.path("name").asText())) {
                args.add(line.path("args"));
            }
        }
        return args;
    }

    /** The first integer argument of each {@code eventName} received, in order. */
    public List<Integer> numbers(String eventName) {
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode args : received(eventName)) {
            numbers.add(args.path(0).asInt());
        }
        return numbers;
    }

    /** How many times it connected (recovered or not). */
    public int connects() {
        return lines("connect").size();
    }

    /** The last {@code connect} line, or {@code null}. */
    public JsonNode lastConnect() {
        List<JsonNode> connects = lines("connect");
        return connects.isEmpty() ? null : connects.get(connects.size() - 1);
    }

    /** Whether it joined its rooms on a fresh connection {@code times} times. */
    public boolean joined(int times) {
        return lines("joined").size() >= times;
    }

    /** Sends a command: {@code disconnect}, {@code connect}, {@code exit}. */
    public void command(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return name + " " + lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
