package dev.skein.bench.profile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's {@code jcmd} against another JVM and returns what it printed. Immutable and thread-safe.
 *
 * <p>{@code jcmd} attaches to JVMs of the same user only; it exits with 1 when the pid is no JVM or the
 * command is unknown, but with 0 when a known command fails, so callers check the output too.
 */
final class Jcmd {
    /** A full GC and histogram of a large heap can take seconds; anything past this is stuck. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Path executable;
    private final Duration timeout;

    Jcmd(Path executable, Duration timeout) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout : " + timeout.toMillis() + " ms (expected: > 0 ms)");
        }
    }

    /**
     * The {@code jcmd} beside the running JVM, in {@code java.home/bin}, with {@link #DEFAULT_TIMEOUT}.
     *
     * @throws IllegalStateException if there is none there (a runtime image without {@code jdk.jcmd})
     */
    static Jcmd besideThisJvm() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path executable = bin.resolve(windows ? "jcmd.exe" : "jcmd");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(
                    "No jcmd at " + executable + "; run the benchmark with a full JDK, not a JRE or jlink image");
        }
        return new Jcmd(executable, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code jcmd <pid> <command...>} and returns its output (standard output and error) without the
     * {@code "<pid>:"} line it starts with.
     *
     * @throws IOException if {@code jcmd} cannot start, exits with a failure, or takes longer than the
     *     timeout (then it is killed)
     */
    String run(long pid, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(executable.toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        String shown = "jcmd " + pid + " " + String.join(" ", command);
        // a file rather than a pipe: nothing to drain concurrently, and the wait can time out
        Path output = Files.createTempFile("skein-jcmd-", ".txt");
        try {
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            await(process, shown);
            String text = withoutPidLine(Files.readString(output, StandardCharsets.UTF_8), pid);
            if (process.exitValue() != 0) {
                throw new IOException(shown + " failed (exit " + process.exitValue() + "): " + firstLine(text));
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private void await(Process process, String shown) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(shown + " did not finish in " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for " + shown);
        }
    }

    private static String withoutPidLine(String text, long pid) {
        String prefix = pid + ":";
        if (!text.startsWith(prefix)) {
            return text;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? "" : text.substring(newline + 1);
    }

    /** The first line, which names the error; a stack trace may follow it. */
    private static String firstLine(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? "(no output)" : stripped.lines().findFirst().orElseThrow();
    }
}
