package dev.skein.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HAProxy ({@code haproxy} from the PATH) running the shipped {@code haproxy/haproxy.cfg}, turned into
 * a loopback variant: the same file with its DNS {@code server-template} replaced by static {@code server}
 * lines for the test's nodes and its ports moved to free ones. Every other line, the stickiness, health
 * checks, timeouts and retries included, is the shipped one, so the tests cannot drift from it.
 */
public final class Haproxy implements AutoCloseable {
    /** The shipped configuration. */
    public static final String SHIPPED = "haproxy/haproxy.cfg";

    private static final String COOKIE_KEY = "test-cookie-key";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path config;
    private final Path output;
    private final int port;
    private final int statsPort;

    private Haproxy(Process process, Path config, Path output, int port, int statsPort) {
        this.process = process;
        this.config = config;
        this.output = output;
        this.port = port;
        this.statsPort = statsPort;
    }

    /**
     * A Skein node as HAProxy sees it.
     *
     * @param name the server's name in HAProxy (its stats and logs)
     * @param port the Socket.IO port
     * @param managementPort the port of {@code /health/ready}
     */
    public record Backend(String name, int port, int managementPort) {}

    /** Starts HAProxy in front of {@code backends} and waits until it answers. */
    public static Haproxy start(List<Backend> backends) {
        return start(backends, "");
    }

    /**
     * Starts HAProxy in front of {@code backends}, with {@code serverOptions} added to each {@code server}
     * line ({@code "send-proxy-v2"}: a PROXY protocol header on each connection to the nodes).
     */
    public static Haproxy start(List<Backend> backends, String serverOptions) {
        int port = ServerProcess.freePort();
        int statsPort = ServerProcess.freePort();
        try {
            String shipped = Files.readString(TestEnvironment.repoDir().resolve(SHIPPED), StandardCharsets.UTF_8);
            Path config = Files.createTempFile("haproxy", ".cfg");
            Files.writeString(
                    config, loopbackVariant(shipped, port, statsPort, backends, serverOptions), StandardCharsets.UTF_8);
            Path output = Files.createTempFile("haproxy", ".log");
            ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("SKEIN_COOKIE_KEY", COOKIE_KEY);
            Haproxy haproxy = new Haproxy(builder.start(), config, output, port, statsPort);
            haproxy.awaitAnswering();
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start haproxy (is it installed? .ci/run installs it)", e);
        }
    }

    /**
     * The shipped configuration with {@code bind :3000} and {@code bind :8404} moved to loopback ports and the
     * {@code server-template} line replaced by one static server per backend (checked on its own management
     * port). Fails if the shipped file no longer has exactly one of each, so a change there breaks this test.
     */
    public static String loopbackVariant(String shipped, int port, int statsPort, List<Backend> backends) {
        return loopbackVariant(shipped, port, statsPort, backends, "");
    }

    /** Like {@link #loopbackVariant(String, int, int, List)}, with {@code serverOptions} on each server line. */
    public static String loopbackVariant(
            String shipped, int port, int statsPort, List<Backend> backends, String serverOptions) {
        String text = replaceOnce(shipped, "(?m)^(\\s*)bind :3000$", "$1bind 127.0.0.1:" + port);
        text = replaceOnce(text, "(?m)^(\\s*)bind :8404$", "$1bind 127.0.0.1:" + statsPort);
        Matcher template = Pattern.compile("(?m)^(\\s*)server-template \\S+ \\d+ \\S+:3000 .*$")
                .matcher(text);
        if (!template.find()) {
            throw new AssertionError("no 'server-template <name> <count> <host>:3000 ...' line in " + SHIPPED);
        }
        StringBuilder servers = new StringBuilder();
        for (Backend backend : backends) {
            servers.append(template.group(1))
                    .append("server ")
                    .append(backend.name())
                    .append(" 127.0.0.1:")
                    .append(backend.port())
                    .append(" check port ")
                    .append(backend.managementPort())
                    .append(serverOptions.isEmpty() ? "" : " " + serverOptions)
                    .append('\n');
        }
        return text.substring(0, template.start())
                + servers.toString().stripTrailing()
                + text.substring(template.end());
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no line matching " + regex + " in " + SHIPPED);
        }
        String result = matcher.replaceFirst(replacement);
        if (matcher.find()) {
            throw new AssertionError("more than one line matching " + regex + " in " + SHIPPED);
        }
        return result;
    }

    /** {@code haproxy -c}: whether HAProxy accepts {@code file}; the answer is its output. */
    public static Check check(Path file) {
        try {
            Process check = new ProcessBuilder("haproxy", "-c", "-f", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new AssertionError("haproxy -c did not finish for " + file);
            }
            return new Check(check.exitValue(), out.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run haproxy (is it installed? .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The result of {@code haproxy -c}.
     *
     * @param exitCode 0 when valid
     * @param output what it printed (warnings included)
     */
    public record Check(int exitCode, String output) {}

    /** The frontend's URL, as clients use it. */
    public String url() {
        return TestEnvironment.url(port);
    }

    /** Each server's state from the stats page ({@code UP}, {@code DOWN}, ...), by name. */
    public Map<String, String> serverStates() {
        Map<String, String> states = new LinkedHashMap<>();
        String csv = get("http://127.0.0.1:" + statsPort + "/;csv");
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && "skein".equals(fields[0]) && !"BACKEND".equals(fields[1])) {
                states.put(fields[1], fields[17]);
            }
        }
        return states;
    }

    /** The request lines HAProxy logged ({@code option httplog}): one per request, with the status. */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (String line : output().split("\n")) {
            if (line.contains(" socketio skein/")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Everything HAProxy printed. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration it runs. */
    public String config() {
        try {
            return Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited: " + output());
            }
            try {
                get("http://127.0.0.1:" + statsPort + "/healthz");
                return;
            } catch (UncheckedIOException e) {
                pause();
            }
        }
        throw new AssertionError("haproxy did not answer within 10 s: " + output());
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // leftover temp files are harmless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
