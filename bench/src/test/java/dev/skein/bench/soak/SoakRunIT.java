package dev.skein.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short soak (about 20 s of load on three nodes and a real Redis, well under a minute in all): it runs
 * end to end and writes its CSV, plots and verdict; no stable client is lost, churners come and go, Redis
 * holds no key. Its slopes mean nothing over 20 s, so its verdict is not asserted: the real soak is a
 * documented 30-minute command (docs/reliability.md).
 */
class SoakRunIT {
    private static final Path REPO =
            Path.of(System.getProperty("skein.repoDir", "..")).toAbsolutePath().normalize();

    @Test
    void aShortSoakWritesItsCsvPlotsAndVerdictAndLosesNoStableClient() throws IOException {
        Path out = REPO.resolve("bench/target/soak-smoke");
        SoakOptions options = SoakOptions.parse(
                "--minutes", "0.33",
                "--sample-seconds", "4",
                "--warmup-minutes", "0",
                "--stable-clients", "30",
                "--churn-per-second", "5",
                "--java-options", "-Xmx256m",
                "--repo", REPO.toString(),
                "--out", out.toString());

        new SoakRun(options).run();

        List<String> rows = Files.readAllLines(out.resolve("soak.csv"), StandardCharsets.UTF_8);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
        List<String> columns = List.of(rows.get(0).split(","));
        String[] last = rows.get(rows.size() - 1).split(",");
        assertThat(last[columns.indexOf("stable_lost")]).isEqualTo("0");
        assertThat(last[columns.indexOf("stable_connected")]).isEqualTo("30");
        assertThat(Long.parseLong(last[columns.indexOf("churn_joined")])).isPositive();
        assertThat(Long.parseLong(last[columns.indexOf("room_events_received")]))
                .isPositive();
        assertThat(last[columns.indexOf("redis_keys")]).isEqualTo("0");
        assertThat(last[columns.indexOf("node1_redis_up")]).isEqualTo("1");
        assertThat(Long.parseLong(last[columns.indexOf("node1_heap_after_gc_bytes")]))
                .isPositive();
        for (String plot : List.of("soak-heap.png", "soak-rss.png", "soak-counts.png")) {
            assertThat(out.resolve(plot)).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("verdict.md"), StandardCharsets.UTF_8))
                .contains("| node 1 heap after GC, MB/h |", "| stable clients lost | 0 |", "Verdict:");
    }
}
