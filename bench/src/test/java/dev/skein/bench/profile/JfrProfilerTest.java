package dev.skein.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@code jcmd} against this very JVM: the same path as against a server under load. */
class JfrProfilerTest {
    private static final long SELF = ProcessHandle.current().pid();

    private static volatile long sink;

    @Test
    void recordsThisJvmIntoAPathWithSpaces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("with space/self.jfr");

        try (JfrProfiler profiler = new JfrProfiler()) {
            profiler.start(SELF, file);
            assertThat(profiler.isRecording()).isTrue();
            burnCpuFor(500);
            profiler.stop();
            assertThat(profiler.isRecording()).isFalse();
            profiler.stop();
        }

        assertThat(Files.size(file)).isPositive();
        assertThat(JfrSummary.read(file).executionSamples()).isPositive();
    }

    @Test
    void recordsOneJvmAtATime(@TempDir Path dir) throws Exception {
        try (JfrProfiler profiler = new JfrProfiler()) {
            profiler.start(SELF, dir.resolve("first.jfr"));

            assertThatThrownBy(() -> profiler.start(SELF, dir.resolve("second.jfr")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Already recording JVM " + SELF + " into ");
        }
        assertThat(Files.size(dir.resolve("first.jfr"))).isPositive();
    }

    @Test
    void startOnNoJvmSaysWhatFailedAndLeavesTheProfilerIdle(@TempDir Path dir) {
        JfrProfiler profiler = new JfrProfiler();

        assertThatThrownBy(() -> profiler.start(Integer.MAX_VALUE, dir.resolve("none.jfr")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("jcmd 2147483647 JFR.start name=skein-bench settings=profile filename=");
        assertThat(profiler.isRecording()).isFalse();
    }

    @Test
    void refusesPathsJcmdCannotParse(@TempDir Path dir) {
        JfrProfiler profiler = new JfrProfiler();

        assertThatThrownBy(() -> profiler.start(SELF, dir.resolve("a\"b.jfr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(expected: no \" or line break)");
        assertThatThrownBy(() -> profiler.start(0, dir.resolve("a.jfr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pid : 0 (expected: >= 1)");
    }

    /**
     * Burns CPU in plain Java code: a loop that spends its time in {@code System.nanoTime} would give JFR
     * few samples, since it drops those taken outside Java code.
     */
    private static void burnCpuFor(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 31 + i;
            }
        }
        sink = x;
    }
}
