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
 * @param curves measured curves by name (such as live heap against connections), for the report's plots
 */
public record Outcome(
        String scenario,
        String variant,
        String system,
        int round,
        Map<String, Double> figures,
        List<Step> steps,
        List<String> notes,
        Map<String, List<CurvePoint>> curves) {
    public Outcome {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        steps = List.copyOf(steps);
        notes = notes == null ? List.of() : List.copyOf(notes);
        curves = curves == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(curves));
    }

    /** A point of a measured curve. */
    public record CurvePoint(double x, double y) {}

    /** An outcome without curves. */
    public Outcome(
            String scenario,
            String variant,
            String system,
            int round,
            Map<String, Double> figures,
            List<Step> steps,
            List<String> notes) {
        this(scenario, variant, system, round, figures, steps, notes, Map.of());
    }

    /** An outcome without notes. */
    public Outcome(
            String scenario, String variant, String system, int round, Map<String, Double> figures, List<Step> steps) {
        this(scenario, variant, system, round, figures, steps, List.of(), Map.of());
    }
}
