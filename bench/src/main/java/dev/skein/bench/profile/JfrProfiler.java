package dev.skein.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Records a CPU profile of another JVM, by its process id, with JDK Flight Recorder driven through {@code
 * jcmd}: {@code JFR.start name=skein-bench settings=profile filename=<file>}, then {@code JFR.stop
 * name=skein-bench}, which writes the file. The {@code profile} settings sample Java stacks every 10 ms
 * and native ones every 20 ms, at a cost of a few per cent of CPU. Read the result with {@link JfrSummary}.
 *
 * <p>Records one JVM at a time. Thread-safe; {@link #stop()} is safe to call twice and {@link #close()}
 * calls it. The target must be a JVM of the same user with the attach mechanism enabled (the default).
 */
public final class JfrProfiler implements AutoCloseable {
    /** The name of the recording in the target JVM, for {@code jcmd <pid> JFR.check}. */
    public static final String RECORDING_NAME = "skein-bench";

    private final Jcmd jcmd;
    private long pid;
    private Path jfrFile;

    /**
     * A profiler that runs the {@code jcmd} beside the running JVM.
     *
     * @throws IllegalStateException if there is none (a runtime without {@code jdk.jcmd})
     */
    public JfrProfiler() {
        this(Jcmd.besideThisJvm());
    }

    JfrProfiler(Jcmd jcmd) {
        this.jcmd = Objects.requireNonNull(jcmd, "jcmd");
    }

    /**
     * Starts recording JVM {@code pid} into {@code jfrFile}, creating the file's directory. The file is
     * written by the target JVM, so it must be writable by it; it stays empty until {@link #stop()}.
     *
     * @throws IllegalStateException if this profiler is already recording
     * @throws IllegalArgumentException if {@code pid < 1} or the path holds a double quote or a line break
     * @throws IOException if {@code jcmd} fails, for example because {@code pid} is no JVM of this user
     */
    public synchronized void start(long pid, Path jfrFile) throws IOException {
        if (this.jfrFile != null) {
            throw new IllegalStateException("Already recording JVM " + this.pid + " into " + this.jfrFile);
        }
        if (pid < 1) {
            throw new IllegalArgumentException("pid : " + pid + " (expected: >= 1)");
        }
        Path file = jfrFile.toAbsolutePath();
        String path = file.toString();
        // jcmd parses one line of arguments: quotes allow spaces, nothing allows a quote or a newline
        if (path.contains("\"") || path.contains("\n") || path.contains("\r")) {
            throw new IllegalArgumentException("jfrFile : " + path + " (expected: no \" or line break)");
        }
        Files.createDirectories(file.getParent());
        String output =
                jcmd.run(pid, "JFR.start", "name=" + RECORDING_NAME, "settings=profile", "filename=\"" + path + "\"");
        if (!output.contains("Started recording")) {
            throw new IOException("JFR did not start in JVM " + pid + ": " + output.strip());
        }
        this.pid = pid;
        this.jfrFile = file;
    }

    /** Whether a recording is under way. */
    public synchronized boolean isRecording() {
        return jfrFile != null;
    }

    /**
     * Stops the recording, which makes the target JVM write the file given to {@link #start}. Does nothing
     * when not recording. Afterwards this profiler may start again, whether or not the stop succeeded.
     *
     * @throws IOException if {@code jcmd} fails (the target JVM may have exited) or the file is empty
     */
    public synchronized void stop() throws IOException {
        if (jfrFile == null) {
            return;
        }
        long target = pid;
        Path file = jfrFile;
        jfrFile = null;
        String output = jcmd.run(target, "JFR.stop", "name=" + RECORDING_NAME);
        if (!output.contains("Stopped recording")) {
            throw new IOException("JFR did not stop in JVM " + target + ": " + output.strip());
        }
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new IOException("JVM " + target + " stopped recording but wrote nothing to " + file);
        }
    }

    /** Calls {@link #stop()}. */
    @Override
    public void close() throws IOException {
        stop();
    }
}
