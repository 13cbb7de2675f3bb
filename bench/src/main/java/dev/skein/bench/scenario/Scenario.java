package dev.skein.bench.scenario;

import dev.skein.bench.system.ServerSystem;
import java.util.List;

/** One benchmark scenario: it starts what it needs, loads it, measures and stops everything. */
public interface Scenario {
    /** Its name on the command line and in the report. */
    String name();

    /** One sentence on what it does, for the report. */
    String description();

    /**
     * Whether it runs once per system (true), or once per round on its own ({@code system} is then null).
     */
    default boolean perSystem() {
        return true;
    }

    /** Runs every variant once against {@code system}. */
    List<Outcome> run(ServerSystem system, int round, BenchContext context);
}
