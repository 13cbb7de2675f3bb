package dev.skein.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the whole benchmark (every scenario, both systems, one round) at tiny counts and short
 * windows: it must finish without a failure and write the report with both systems, the ratios and the
 * plots. Nothing here is timed; the figures of such a run mean nothing.
 */
class BenchRunIT {
    private static final Path REPO =
            Path.of(System.getProperty("skein.repoDir", "..")).toAbsolutePath().normalize();

    @Test
    void everyScenarioRunsAgainstBothSystemsAndTheReportIsWritten() throws IOException {
        Path report = REPO.resolve("bench/target/smoke/benchmarks.md");
        BenchOptions options = BenchOptions.parse(
                "--rounds",
                "1",
                "--scale",
                "0.01",
                "--warmup-ms",
                "200",
                "--measure-ms",
                "500",
                "--profile",
                "--repo",
                REPO.toString(),
                "--report",
                report.toString());

        int status = new BenchRun(options).run();

        assertThat(status).as("exit status (failures are listed in the output)").isZero();
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("| Skein | Node.js | ratio | native floor |")
                .contains("## fanout", "## chat", "## idle", "## storm", "## crossnode", "## push", "## floor")
                .contains("Where Skein's time goes", "Where Skein's connection goes")
                .doesNotContain("## Failures");
        try (var plots = Files.list(report.resolveSibling("benchmarks"))) {
            assertThat(plots.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(5);
        }
        assertThat(report.resolveSibling("benchmarks/results.json")).isNotEmptyFile();
    }
}
