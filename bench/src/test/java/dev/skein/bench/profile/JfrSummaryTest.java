package dev.skein.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrSummaryTest {
    private static final String BURNER_THREAD = "skein-burner";
    private static final String BURN_FRAME = JfrSummaryTest.class.getName() + ".burnCpuForProfile";
    private static final String OTHER_BURN_FRAME = JfrSummaryTest.class.getName() + ".burnCpuOnTestThread";

    @TempDir
    static Path dir;

    private static Path jfrFile;
    private static volatile long sink;

    /**
     * Records this JVM while two threads burn CPU, each in a method with a name nothing else has: the
     * {@value #BURNER_THREAD} thread and JUnit's.
     */
    @BeforeAll
    static void recordThisJvm() throws Exception {
        jfrFile = dir.resolve("self.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(JfrSummary.EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(10));
            recording.enable(JfrSummary.NATIVE_METHOD_SAMPLE).withPeriod(Duration.ofMillis(20));
            recording.start();
            long deadline = System.nanoTime() + Duration.ofMillis(1000).toNanos();
            Thread burner = new Thread(() -> sink = burnCpuForProfile(deadline), BURNER_THREAD);
            burner.start();
            sink += burnCpuOnTestThread(deadline);
            burner.join();
            recording.stop();
            recording.dump(jfrFile);
        }
    }

    /** Stays on top of its stack: it calls nothing but the {@code nanoTime} intrinsic. */
    private static long burnCpuForProfile(long deadlineNanos) {
        long x = 1;
        while (System.nanoTime() < deadlineNanos) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 31 + i;
            }
        }
        return x;
    }

    /** The same, under another name, for the thread filter to leave out. */
    private static long burnCpuOnTestThread(long deadlineNanos) {
        long x = 1;
        while (System.nanoTime() < deadlineNanos) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 17 + i;
            }
        }
        return x;
    }

    @Test
    void burningMethodsLeadTheSelfTop() throws Exception {
        JfrSummary summary = JfrSummary.read(jfrFile);

        assertThat(summary.executionSamples()).isGreaterThan(20);
        List<JfrSummary.FrameShare> top = summary.topSelf(5);
        assertThat(top).hasSizeLessThanOrEqualTo(5);
        assertThat(top.subList(0, 2))
                .extracting(JfrSummary.FrameShare::frame)
                .containsExactlyInAnyOrder(BURN_FRAME, OTHER_BURN_FRAME);
        // two threads burning side by side: each has a fair part of the samples
        assertThat(share(top, BURN_FRAME).percent()).isGreaterThan(20);
        assertThat(top).isSortedAccordingTo((a, b) -> Long.compare(b.samples(), a.samples()));
    }

    @Test
    void totalTopCountsCallersOncePerSample() throws Exception {
        JfrSummary summary = JfrSummary.read(jfrFile);

        // JUnit's thread has a deep stack, every frame of it with the same count
        List<JfrSummary.FrameShare> top = summary.topTotal(500);
        assertThat(top).extracting(JfrSummary.FrameShare::frame).contains(BURN_FRAME, "java.lang.Thread.run");
        JfrSummary.FrameShare threadRun = share(top, "java.lang.Thread.run");
        assertThat(threadRun.samples())
                .isGreaterThanOrEqualTo(share(top, BURN_FRAME).samples());
        assertThat(top)
                .allSatisfy(share -> assertThat(share.samples()).isLessThanOrEqualTo(summary.executionSamples()));
    }

    @Test
    void lambdaFramesAreNamedWithoutTheirAddress() throws Exception {
        JfrSummary summary = JfrSummary.read(jfrFile, Pattern.compile("^" + BURNER_THREAD + "$"));

        // the burner thread runs a lambda: Thread.run calls JfrSummaryTest$$Lambda$<n>.run
        assertThat(summary.collapsedStacks().keySet())
                .anyMatch(stack -> stack.matches(
                        ".*;" + Pattern.quote(JfrSummaryTest.class.getName()) + "\\$\\$Lambda\\$\\d+\\.run;.*"))
                .noneMatch(stack -> stack.contains("0x"));
    }

    @Test
    void collapsedStacksRunFromRootToTop() throws Exception {
        JfrSummary summary = JfrSummary.read(jfrFile);
        Path file = dir.resolve("self.collapsed");

        summary.writeCollapsedStacks(file);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty().allMatch(line -> line.matches("\\S.* \\d+"));
        assertThat(lines)
                .anyMatch(line -> line.startsWith("java.lang.Thread.run;")
                        && line.matches(".*;" + Pattern.quote(BURN_FRAME) + " \\d+"));
        long counted = lines.stream()
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(counted).isEqualTo(summary.executionSamples());
    }

    @Test
    void threadPatternKeepsOnlyMatchingThreads() throws Exception {
        JfrSummary all = JfrSummary.read(jfrFile);
        JfrSummary burner = JfrSummary.read(jfrFile, Pattern.compile("^" + BURNER_THREAD + "$"));
        JfrSummary nobody = JfrSummary.read(jfrFile, Pattern.compile("^no such thread$"));

        assertThat(burner.executionSamples()).isPositive().isLessThan(all.executionSamples());
        assertThat(burner.topSelf(1)).extracting(JfrSummary.FrameShare::frame).containsExactly(BURN_FRAME);
        assertThat(burner.topTotal(50)).extracting(JfrSummary.FrameShare::frame).doesNotContain(OTHER_BURN_FRAME);
        assertThat(burner.collapsedStacks().keySet()).noneMatch(stack -> stack.contains(OTHER_BURN_FRAME));
        assertThat(nobody.executionSamples()).isZero();
        assertThat(nobody.nativeSamples()).isZero();
        assertThat(nobody.topSelf(10)).isEmpty();
        assertThat(nobody.collapsedStacks()).isEmpty();
    }

    @Test
    void markdownHasASelfAndATotalTable() throws Exception {
        String markdown =
                JfrSummary.read(jfrFile, Pattern.compile(BURNER_THREAD)).toMarkdown(3);

        assertThat(markdown)
                .startsWith("%d execution samples of threads matching `skein-burner` in `self.jfr`"
                        .formatted(JfrSummary.read(jfrFile, Pattern.compile(BURNER_THREAD))
                                .executionSamples()))
                .contains("\n| % self | frame |\n|-------:|:------|\n| ")
                .contains("\n| % total | frame |\n|--------:|:------|\n| ")
                .contains(" | `" + BURN_FRAME + "` |\n");
        assertThat(markdown.lines().filter(line -> line.startsWith("| ") && !line.contains("frame")))
                .hasSizeBetween(2, 6);
    }

    private static JfrSummary.FrameShare share(List<JfrSummary.FrameShare> shares, String frame) {
        return shares.stream().filter(s -> s.frame().equals(frame)).findFirst().orElseThrow();
    }
}
