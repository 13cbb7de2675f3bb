package dev.skein.bench.profile;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM spent its CPU, from the {@code jdk.ExecutionSample} events of a JFR recording: the hottest
 * methods by self time (on top of the stack) and by total time (anywhere on the stack), and the collapsed
 * stacks that flame graph tools read. {@code jdk.NativeMethodSample} events, threads waiting in native code
 * such as {@code epoll_wait}, are counted apart: they are not CPU time. Immutable and thread-safe.
 *
 * <p>A frame is named {@code package.Class.method} (hidden classes such as lambdas without their address, so
 * that names match across runs); line numbers and overloads are merged.
 */
public final class JfrSummary {
    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    public static final String NATIVE_METHOD_SAMPLE = "jdk.NativeMethodSample";
    /** The frame of a sample whose stack JFR could not walk. */
    public static final String NO_STACK = "[no stack]";
    /** The root that collapsed stacks get when JFR cut the stack at its depth limit (64 by default). */
    public static final String TRUNCATED = "[truncated]";

    /** JFR names a hidden class {@code Foo$$Lambda$14+0x0000000800c0a000.1525409936}; the JVM uses a slash. */
    private static final Pattern HIDDEN_CLASS_SUFFIX = Pattern.compile("[/+]0x[0-9a-fA-F]+(?:\\.\\d+)?$");

    private final Path source;
    private final String threadFilter;
    private final long executionSamples;
    private final long nativeSamples;
    private final Map<String, Long> selfSamples;
    private final Map<String, Long> totalSamples;
    private final Map<String, Long> collapsedStacks;

    /**
     * A frame and its share of the execution samples.
     *
     * @param frame the frame, {@code package.Class.method}
     * @param samples the samples counted for it, {@code >= 0}
     * @param percent {@code samples} as a percentage of all execution samples summarised
     */
    public record FrameShare(String frame, long samples, double percent) {
        public FrameShare {
            if (frame == null || frame.isEmpty()) {
                throw new IllegalArgumentException("frame : '" + frame + "' (expected: not empty)");
            }
            if (samples < 0 || !(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("share of " + frame + " : " + samples + " samples, " + percent
                        + " % (expected: >= 0, 0..100 %)");
            }
        }
    }

    private JfrSummary(Path source, String threadFilter, Tally tally) {
        this.source = source;
        this.threadFilter = threadFilter;
        this.executionSamples = tally.executionSamples;
        this.nativeSamples = tally.nativeSamples;
        this.selfSamples = Map.copyOf(tally.self);
        this.totalSamples = Map.copyOf(tally.total);
        this.collapsedStacks = Collections.unmodifiableMap(new TreeMap<>(tally.collapsed));
    }

    /** Summarises the samples of every thread in {@code jfrFile}. */
    public static JfrSummary read(Path jfrFile) throws IOException {
        return read(jfrFile, null);
    }

    /**
     * Summarises the samples of the threads whose name contains a match of {@code threadName} (by {@link
     * java.util.regex.Matcher#find()}, so anchor it for whole names), or of every thread if it is {@code
     * null}. Netty's event loops, for example, are {@code Pattern.compile("^nioEventLoopGroup-|^epollEventLoopGroup-")}.
     *
     * @throws IOException if the file cannot be read or is no JFR recording
     */
    public static JfrSummary read(Path jfrFile, Pattern threadName) throws IOException {
        Tally tally = new Tally();
        try (RecordingFile recording = new RecordingFile(jfrFile)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (!(type.equals(EXECUTION_SAMPLE) || type.equals(NATIVE_METHOD_SAMPLE))
                        || !threadMatches(event, threadName)) {
                    continue;
                }
                if (type.equals(NATIVE_METHOD_SAMPLE)) {
                    tally.nativeSamples++;
                } else {
                    tally.add(event.getStackTrace());
                }
            }
        }
        return new JfrSummary(jfrFile, threadName == null ? null : threadName.pattern(), tally);
    }

    private static boolean threadMatches(RecordedEvent event, Pattern threadName) {
        if (threadName == null) {
            return true;
        }
        RecordedThread thread = event.hasField("sampledThread") ? event.getThread("sampledThread") : null;
        if (thread == null) {
            return false;
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name != null && threadName.matcher(name).find();
    }

    /** The {@code jdk.ExecutionSample} events summarised: the denominator of every percentage. */
    public long executionSamples() {
        return executionSamples;
    }

    /** The {@code jdk.NativeMethodSample} events of the same threads, which are in none of the tables. */
    public long nativeSamples() {
        return nativeSamples;
    }

    /** The {@code n} frames most often on top of the stack, most first (ties by name). */
    public List<FrameShare> topSelf(int n) {
        return top(selfSamples, n);
    }

    /** The {@code n} frames most often anywhere on the stack, counted once per sample, most first. */
    public List<FrameShare> topTotal(int n) {
        return top(totalSamples, n);
    }

    /**
     * The samples per distinct stack, keyed by its frames from the root to the top joined by {@code ;},
     * sorted by key.
     */
    public Map<String, Long> collapsedStacks() {
        return collapsedStacks;
    }

    /**
     * Writes {@link #collapsedStacks()} to {@code file} in UTF-8, one {@code root;...;top count} line per
     * stack: the input of {@code flamegraph.pl}, speedscope and similar. Replaces the file.
     */
    public void writeCollapsedStacks(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> stack : collapsedStacks.entrySet()) {
                out.write(stack.getKey() + " " + stack.getValue() + "\n");
            }
        }
    }

    /**
     * Two markdown tables, {@code | % self | frame |} and {@code | % total | frame |}, of the {@code topN}
     * frames each, after a line saying how many samples they cover.
     */
    public String toMarkdown(int topN) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d execution samples", executionSamples));
        if (threadFilter != null) {
            md.append(" of threads matching `").append(threadFilter).append('`');
        }
        md.append(String.format(
                Locale.ROOT,
                " in `%s`; %d native-method samples (threads in native code, not on CPU) are not counted.\n",
                source.getFileName(),
                nativeSamples));
        table(md, "% self", topSelf(topN));
        table(md, "% total", topTotal(topN));
        return md.toString();
    }

    private static void table(StringBuilder md, String heading, List<FrameShare> rows) {
        md.append('\n').append("| ").append(heading).append(" | frame |\n");
        md.append("|").append("-".repeat(heading.length() + 1)).append(":|:------|\n");
        for (FrameShare row : rows) {
            md.append(String.format(
                    Locale.ROOT, "| %.1f | `%s` |\n", row.percent(), row.frame().replace("|", "\\|")));
        }
    }

    private List<FrameShare> top(Map<String, Long> counts, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n : " + n + " (expected: >= 0)");
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> new FrameShare(e.getKey(), e.getValue(), 100.0 * e.getValue() / executionSamples))
                .toList();
    }

    static String frameName(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null || method.getType() == null) {
            return "[unknown]";
        }
        String type = HIDDEN_CLASS_SUFFIX.matcher(method.getType().getName()).replaceAll("");
        return type + "." + method.getName();
    }

    /** The counts while reading; not thread-safe. */
    private static final class Tally {
        private long executionSamples;
        private long nativeSamples;
        private final Map<String, Long> self = new HashMap<>();
        private final Map<String, Long> total = new HashMap<>();
        private final Map<String, Long> collapsed = new HashMap<>();

        void add(RecordedStackTrace stack) {
            executionSamples++;
            List<String> frames = new ArrayList<>();
            if (stack != null) {
                for (RecordedFrame frame : stack.getFrames()) {
                    frames.add(frameName(frame));
                }
            }
            if (frames.isEmpty()) {
                frames.add(NO_STACK);
            }
            self.merge(frames.get(0), 1L, Long::sum);
            Set<String> seen = new HashSet<>(frames);
            seen.forEach(frame -> total.merge(frame, 1L, Long::sum));
            // JFR lists the top first; flame graphs want the root first
            Collections.reverse(frames);
            if (stack != null && stack.isTruncated()) {
                frames.add(0, TRUNCATED);
            }
            collapsed.merge(String.join(";", frames), 1L, Long::sum);
        }
    }
}
