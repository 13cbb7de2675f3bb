package dev.skein.bench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.bench.scenario.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An earlier run's outcomes kept as the "before" column ({@code docs/benchmarks/baseline.json}); only
 * Skein's are used.
 */
final class Baseline {
    private Baseline() {}

    static List<Outcome> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<Outcome> all = new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Outcome>>() {});
            return all.stream().filter(o -> o.system().equals("Skein")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the baseline " + file, e);
        }
    }
}
