package dev.skein.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    /** {@code jcmd <pid> GC.class_histogram} of a JDK 17 JVM holding no sessions, trimmed. */
    private static final String BEFORE = """
            8970:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          7247         334336  [B (java.base@17.0.15)
               2:          1427         175896  java.lang.Class (java.base@17.0.15)
               3:          7163         171912  java.lang.String (java.base@17.0.15)
               4:           908          91256  [Ljava.lang.Object; (java.base@17.0.15)
               5:           477          34352  [I (java.base@17.0.15)
               6:             7          33032  [C (java.base@17.0.15)
               7:           995          31840  java.util.HashMap$Node (java.base@17.0.15)
               8:           954          30528  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
               9:           257          23696  [Ljava.util.HashMap$Node; (java.base@17.0.15)
              10:            20          23040  [Ljava.util.concurrent.ConcurrentHashMap$Node; (java.base@17.0.15)
              11:           259          12432  java.util.HashMap (java.base@17.0.15)
             208:             1             16  Conn$$Lambda$1/0x00007fe1bc000a08
            Total         24142        1099336
            """;

    /** The same program holding 1000 sessions (a 256-byte buffer and a map each), trimmed. */
    private static final String AFTER = """
            9036:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          9292         632056  [B (java.base@17.0.15)
               2:          8207         196968  java.lang.String (java.base@17.0.15)
               3:          1434         176728  java.lang.Class (java.base@17.0.15)
               4:          1257         103696  [Ljava.util.HashMap$Node; (java.base@17.0.15)
               5:           993          98608  [Ljava.lang.Object; (java.base@17.0.15)
               6:          1995          63840  java.util.HashMap$Node (java.base@17.0.15)
               7:          1259          60432  java.util.HashMap (java.base@17.0.15)
               8:           477          34392  [I (java.base@17.0.15)
               9:          1050          33600  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
              10:             7          33032  [C (java.base@17.0.15)
              11:          1000          24000  Conn$Session
              12:            22          23200  [Ljava.util.concurrent.ConcurrentHashMap$Node; (java.base@17.0.15)
              13:           341          10912  jdk.internal.math.FDBigInteger (java.base@17.0.15)
             213:             1             16  Conn$$Lambda$1/0x00007fe1bc000a08
            Total         32167        1648208
            """;

    @Test
    void parsesRowsAndTotal() {
        HeapHistogram histogram = HeapHistogram.parse(AFTER);

        assertThat(histogram.classes()).hasSize(14);
        assertThat(histogram.totalInstances()).isEqualTo(32167);
        assertThat(histogram.totalBytes()).isEqualTo(1648208);
        assertThat(histogram.classes().get(0)).isEqualTo(new HeapHistogram.ClassCount("byte[]", 9292, 632056));
        assertThat(histogram.find("Conn$Session")).contains(new HeapHistogram.ClassCount("Conn$Session", 1000, 24000));
        assertThat(histogram.find("Conn$$Lambda$1/0x00007fe1bc000a08")).isPresent();
    }

    @Test
    void namesClassesAsJavaSourceDoesWithoutTheModule() {
        HeapHistogram histogram = HeapHistogram.parse(BEFORE);

        assertThat(histogram.classes())
                .extracting(HeapHistogram.ClassCount::className)
                .contains(
                        "byte[]",
                        "int[]",
                        "char[]",
                        "java.lang.Object[]",
                        "java.util.HashMap$Node[]",
                        "java.lang.String")
                .noneMatch(name -> name.startsWith("[") || name.contains("("));
        assertThat(HeapHistogram.sourceName("[[J")).isEqualTo("long[][]");
        assertThat(HeapHistogram.sourceName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
    }

    @Test
    void sumsAClassLoadedTwice() {
        HeapHistogram histogram = HeapHistogram.parse("""
                   1:            10            160  com.example.Plugin
                   2:             5             80  com.example.Plugin
                Total            15            240
                """);

        assertThat(histogram.classes()).containsExactly(new HeapHistogram.ClassCount("com.example.Plugin", 15, 240));
    }

    @Test
    void refusesOutputWithoutTotal() {
        assertThatThrownBy(() -> HeapHistogram.parse("java.io.IOException: No such process\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class histogram : java.io.IOException: No such process (expected: a Total line)");
    }

    @Test
    void diffGivesGrowthPerClassMostBytesFirst() {
        HeapHistogram.Growth growth = HeapHistogram.diff(HeapHistogram.parse(BEFORE), HeapHistogram.parse(AFTER));

        assertThat(growth.totalBytes()).isEqualTo(1648208 - 1099336);
        assertThat(growth.totalInstances()).isEqualTo(32167 - 24142);
        assertThat(growth.classes().get(0)).isEqualTo(new HeapHistogram.ClassCount("byte[]", 2045, 297720));
        assertThat(growth.classes())
                .contains(new HeapHistogram.ClassCount("java.lang.Class", 7, 832))
                // present in only one histogram: counted from zero
                .contains(new HeapHistogram.ClassCount("Conn$Session", 1000, 24000))
                .contains(new HeapHistogram.ClassCount("jdk.internal.math.FDBigInteger", 341, 10912))
                // unchanged: left out
                .noneMatch(c -> c.className().equals("char[]"))
                .noneMatch(c -> c.className().startsWith("Conn$$Lambda"));
    }

    @Test
    void shrinkageIsNegativeComesLastAndIsNotListedPerConnection() {
        HeapHistogram.Growth shrink = HeapHistogram.diff(HeapHistogram.parse(AFTER), HeapHistogram.parse(BEFORE));

        assertThat(shrink.classes().get(shrink.classes().size() - 1))
                .isEqualTo(new HeapHistogram.ClassCount("byte[]", -2045, -297720));
        assertThat(shrink.totalBytes()).isEqualTo(1099336 - 1648208);
        assertThat(shrink.perConnection(1000, 5)).isEqualTo("""
                        | class | instances/conn | bytes/conn |
                        |:------|---------------:|-----------:|
                        | **live heap** | -8.03 | -548.9 |
                        """);
    }

    @Test
    void perConnectionTableListsTopGrowthAndTheWholeHeap() {
        HeapHistogram.Growth growth = HeapHistogram.diff(HeapHistogram.parse(BEFORE), HeapHistogram.parse(AFTER));

        assertThat(growth.perConnection(1000, 3)).isEqualTo("""
                        | class | instances/conn | bytes/conn |
                        |:------|---------------:|-----------:|
                        | `byte[]` | 2.05 | 297.7 |
                        | `java.util.HashMap$Node[]` | 1.00 | 80.0 |
                        | `java.util.HashMap` | 1.00 | 48.0 |
                        | **live heap** | 8.03 | 548.9 |
                        """);
        assertThatThrownBy(() -> growth.perConnection(0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connections : 0 (expected: >= 1)");
    }

    @Test
    void capturesThisJvmThroughJcmd() throws IOException {
        HeapHistogram histogram = HeapHistogram.capture(ProcessHandle.current().pid());

        assertThat(histogram.totalBytes()).isPositive();
        assertThat(histogram.find("java.lang.String")).isPresent();
        // JUnit made an instance of this class to run this test: proof that it is this JVM's heap
        assertThat(histogram.find(HeapHistogramTest.class.getName()))
                .hasValueSatisfying(c -> assertThat(c.instances()).isPositive());
        // the rows are the whole heap: they add up to the Total line
        assertThat(histogram.classes().stream()
                        .mapToLong(HeapHistogram.ClassCount::bytes)
                        .sum())
                .isEqualTo(histogram.totalBytes());
        assertThat(histogram.classes().stream()
                        .mapToLong(HeapHistogram.ClassCount::instances)
                        .sum())
                .isEqualTo(histogram.totalInstances());
    }

    @Test
    void captureOfNoJvmSaysWhatFailed() {
        assertThatThrownBy(() -> HeapHistogram.capture(Integer.MAX_VALUE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("jcmd 2147483647 GC.class_histogram failed (exit 1): ");
    }
}
