package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.Transport;
import dev.skein.bench.system.ServerSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Connect storm: 3,000 clients connecting to one node with 200 handshakes in flight, each counted when its
 * first server event (the demo's greeting) arrives; websocket, then polling, each on a fresh node.
 */
public final class StormScenario implements Scenario {
    private static final int CLIENTS = 3_000;
    private static final int IN_FLIGHT = 200;

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public String description() {
        return "3,000 clients connecting with 200 in flight, until each has its first server event (the greeting)";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            int clients = context.scaled(CLIENTS, 10);
            String variant = String.format(Locale.ROOT, "1 node, %,d %s clients", clients, transport.queryName());
            context.variant(
                    system.name(), variant, outcomes, () -> run(system, round, context, transport, clients, variant));
        }
        return outcomes;
    }

    private Outcome run(
            ServerSystem system, int round, BenchContext context, Transport transport, int clients, String variant) {
        try (Rig rig = Rig.start(system, 1, context)) {
            warmUp(rig, context, transport);
            Rig.Meters meters = rig.meters();
            long start = System.nanoTime();
            try (Crowd crowd = new Crowd(context.generator())) {
                crowd.connect(
                        clients,
                        rig.cluster()::endpoint,
                        i -> null,
                        transport,
                        context.scaled(IN_FLIGHT, 5),
                        Duration.ofMinutes(2));
                double seconds = (System.nanoTime() - start) / 1e9;
                long serverCpu = meters.servers().nanosSinceStart();
                long generatorCpu = meters.generator().nanosSinceStart();
                if (crowd.ready() < clients) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "%s: only %d of %d connected (%s)",
                            variant,
                            crowd.ready(),
                            clients,
                            crowd.closeReasons()));
                }
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("handshakes per second", clients / seconds);
                figures.put("server CPU µs per handshake", serverCpu / 1000.0 / clients);
                figures.put("load generator CPU µs per handshake", generatorCpu / 1000.0 / clients);
                return new Outcome(name(), variant, system.name(), round, figures, List.of());
            }
        }
    }

    private static void warmUp(Rig rig, BenchContext context, Transport transport) {
        try (Crowd warm = new Crowd(context.generator())) {
            warm.connect(
                    context.scaled(300, 5), rig.cluster()::endpoint, i -> null, transport, 50, Duration.ofMinutes(1));
        }
        Pause.sleep(Duration.ofSeconds(1));
    }
}
