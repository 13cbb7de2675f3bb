package dev.skein.bench.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a JVM by class, as {@code jcmd <pid> GC.class_histogram} prints it. That command runs
 * a full GC first, so the counts are of reachable objects only; it stops the target for as long as the GC
 * takes (tens of milliseconds for a small heap, seconds for a large one). Immutable and thread-safe.
 *
 * <p>Measure memory per connection with two histograms: {@code diff(before, after).perConnection(n, 20)}.
 *
 * @param classes one entry per class name, most bytes first; a class loaded by several loaders is summed
 * @param totalInstances the {@code Total} line's instances, {@code >= 0}
 * @param totalBytes the {@code Total} line's bytes, {@code >= 0}
 */
public record HeapHistogram(List<ClassCount> classes, long totalInstances, long totalBytes) {
    private static final Pattern ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Comparator<ClassCount> MOST_BYTES_FIRST =
            Comparator.comparingLong(ClassCount::bytes).reversed().thenComparing(ClassCount::className);

    public HeapHistogram {
        classes = classes.stream().sorted(MOST_BYTES_FIRST).toList();
        for (ClassCount count : classes) {
            if (count.instances() < 0 || count.bytes() < 0) {
                throw new IllegalArgumentException("histogram row : " + count + " (expected: counts >= 0)");
            }
        }
        if (totalInstances < 0 || totalBytes < 0) {
            throw new IllegalArgumentException(
                    "histogram total : " + totalInstances + " instances, " + totalBytes + " bytes (expected: >= 0)");
        }
    }

    /**
     * Instances and bytes of one class, or in a {@link Growth} their change (negative when it shrank).
     *
     * @param className the class as Java source writes it: {@code java.lang.String}, {@code byte[]}, {@code
     *     java.lang.Object[][]}, nested classes with {@code $}; without the module
     */
    public record ClassCount(String className, long instances, long bytes) {
        public ClassCount {
            if (className == null || className.isEmpty()) {
                throw new IllegalArgumentException("className : '" + className + "' (expected: not empty)");
            }
        }
    }

    /**
     * Runs {@code jcmd <pid> GC.class_histogram}, with the {@code jcmd} beside the running JVM, and parses it.
     *
     * @throws IOException if {@code jcmd} fails, for example because {@code pid} is no JVM of this user
     */
    public static HeapHistogram capture(long pid) throws IOException {
        if (pid < 1) {
            throw new IllegalArgumentException("pid : " + pid + " (expected: >= 1)");
        }
        return parse(Jcmd.besideThisJvm().run(pid, "GC.class_histogram"));
    }

    /**
     * Parses the output of {@code jcmd <pid> GC.class_histogram}, with or without its {@code "<pid>:"} line;
     * the header and lines it does not know are ignored.
     *
     * @throws IllegalArgumentException if there is no {@code Total} line, as when the output is an error
     */
    public static HeapHistogram parse(String jcmdOutput) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        long[] total = null;
        for (String line : jcmdOutput.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                long[] sum = counts.computeIfAbsent(sourceName(row.group(3)), name -> new long[2]);
                sum[0] += Long.parseLong(row.group(1));
                sum[1] += Long.parseLong(row.group(2));
                continue;
            }
            Matcher totalLine = TOTAL.matcher(line);
            if (totalLine.matches()) {
                total = new long[] {Long.parseLong(totalLine.group(1)), Long.parseLong(totalLine.group(2))};
            }
        }
        if (total == null) {
            String start = jcmdOutput.strip().lines().findFirst().orElse("(empty)");
            throw new IllegalArgumentException("class histogram : " + start + " (expected: a Total line)");
        }
        List<ClassCount> classes = new ArrayList<>();
        counts.forEach((name, sum) -> classes.add(new ClassCount(name, sum[0], sum[1])));
        return new HeapHistogram(classes, total[0], total[1]);
    }

    /** Per class, what {@code after} has more than {@code before}: most bytes gained first, shrinkage last. */
    public static Growth diff(HeapHistogram before, HeapHistogram after) {
        Map<String, long[]> change = new HashMap<>();
        for (ClassCount count : after.classes()) {
            change.put(count.className(), new long[] {count.instances(), count.bytes()});
        }
        for (ClassCount count : before.classes()) {
            long[] delta = change.computeIfAbsent(count.className(), name -> new long[2]);
            delta[0] -= count.instances();
            delta[1] -= count.bytes();
        }
        List<ClassCount> classes = new ArrayList<>();
        change.forEach((name, delta) -> {
            if (delta[0] != 0 || delta[1] != 0) {
                classes.add(new ClassCount(name, delta[0], delta[1]));
            }
        });
        return new Growth(
                classes, after.totalInstances() - before.totalInstances(), after.totalBytes() - before.totalBytes());
    }

    /** The entry of {@code className}, spelled as {@link ClassCount#className()} is. */
    public Optional<ClassCount> find(String className) {
        return classes.stream().filter(c -> c.className().equals(className)).findFirst();
    }

    /** {@code [B} as {@code byte[]}, {@code [Ljava.lang.String;} as {@code java.lang.String[]}. */
    static String sourceName(String jvmName) {
        int dimensions = 0;
        while (dimensions < jvmName.length() && jvmName.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return jvmName;
        }
        String element = jvmName.substring(dimensions);
        String base = element.startsWith("L") && element.endsWith(";")
                ? element.substring(1, element.length() - 1)
                : primitive(element);
        return base + "[]".repeat(dimensions);
    }

    private static String primitive(String descriptor) {
        return switch (descriptor) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> descriptor;
        };
    }

    /**
     * The change between two histograms.
     *
     * @param classes the classes whose counts changed, most bytes gained first
     * @param totalInstances the change of all instances
     * @param totalBytes the change of the whole live heap, in bytes
     */
    public record Growth(List<ClassCount> classes, long totalInstances, long totalBytes) {
        public Growth {
            classes = classes.stream().sorted(MOST_BYTES_FIRST).toList();
        }

        /**
         * A markdown table of the {@code topN} classes that gained most bytes, with instances and bytes per
         * connection, and a last row with the whole live heap's growth per connection:
         *
         * <pre>
         * | class | instances/conn | bytes/conn |
         * |:------|---------------:|-----------:|
         * | `byte[]` | 2.00 | 1312.5 |
         * | **live heap** | 31.40 | 4150.2 |
         * </pre>
         *
         * @param connections the connections opened between the two histograms, {@code >= 1}
         */
        public String perConnection(int connections, int topN) {
            if (connections < 1) {
                throw new IllegalArgumentException("connections : " + connections + " (expected: >= 1)");
            }
            if (topN < 0) {
                throw new IllegalArgumentException("topN : " + topN + " (expected: >= 0)");
            }
            StringBuilder md = new StringBuilder("| class | instances/conn | bytes/conn |\n");
            md.append("|:------|---------------:|-----------:|\n");
            classes.stream()
                    .filter(c -> c.bytes() > 0)
                    .limit(topN)
                    .forEach(c -> row(md, "`" + c.className() + "`", c.instances(), c.bytes(), connections));
            row(md, "**live heap**", totalInstances, totalBytes, connections);
            return md.toString();
        }

        private static void row(StringBuilder md, String name, long instances, long bytes, int connections) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.1f |\n",
                    name,
                    (double) instances / connections,
                    (double) bytes / connections));
        }
    }
}
