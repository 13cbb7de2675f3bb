package dev.skein.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario variant's result for one system in one round.
 *
 * @param scenario the scenario's name ({@code fanout}, {@code idle}, ...)
 * @param variant the variant, such as {@code 2 nodes, 1,000 websocket receivers}
 * @param system the system's name
 * @param round the round, from 1
 * @param figures the headline figures, by label with unit, in report order
 * @param steps the measured windows, for scenarios that step their load (else empty)
 * @param notes markdown the report adds to the scenario's section (a profile, a heap histogram)
 */
public record Outcome(
        String scenario,
        String variant,
        String system,
        int round,
        Map<String, Double> figures,
        List<Step> steps,
        List<String> notes) {
    public Outcome {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        steps = List.copyOf(steps);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** An outcome without notes. */
    public Outcome(
            String scenario, String variant, String system, int round, Map<String, Double> figures, List<Step> steps) {
        this(scenario, variant, system, round, figures, steps, List.of());
    }
}
