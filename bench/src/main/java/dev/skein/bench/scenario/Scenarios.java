package dev.skein.bench.scenario;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scenarios by name, in report order. */
public final class Scenarios {
    private final Map<String, Scenario> all = new LinkedHashMap<>();

    /** The scenarios of the repository at {@code repo}, floor JVMs run with {@code javaOptions}. */
    public Scenarios(Path repo, String javaOptions) {
        Path peer = repo.resolve("bench/peer");
        List<Scenario> scenarios = List.of(
                FanoutScenario.standard(),
                new ChatScenario(),
                new IdleScenario(),
                new StormScenario(),
                new CrossNodeScenario(),
                new PushScenario(peer),
                new FloorScenario(
                        repo.resolve("bench/floor"),
                        repo.resolve("bench/target/floor"),
                        repo.resolve("bench/target/skein-bench.jar"),
                        javaOptions));
        scenarios.forEach(s -> all.put(s.name(), s));
    }

    /** Every scenario, in report order. */
    public List<Scenario> all() {
        return List.copyOf(all.values());
    }

    /** The scenarios called {@code names} (all when empty); an unknown name fails with the known ones. */
    public List<Scenario> named(List<String> names) {
        if (names.isEmpty()) {
            return all();
        }
        return names.stream()
                .map(name -> {
                    Scenario scenario = all.get(name);
                    if (scenario == null) {
                        throw new IllegalArgumentException(
                                "scenario : " + name + " (expected one of " + all.keySet() + ")");
                    }
                    return scenario;
                })
                .toList();
    }
}
