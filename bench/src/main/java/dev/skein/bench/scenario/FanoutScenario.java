package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.Message;
import dev.skein.bench.load.PacedSender;
import dev.skein.bench.load.Session;
import dev.skein.bench.load.Transport;
import dev.skein.bench.profile.JfrProfiler;
import dev.skein.bench.profile.JfrSummary;
import dev.skein.bench.system.ServerSystem;
import dev.skein.bench.system.SkeinSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fan-out: N receivers in one room (spread over the nodes), one publisher on the first node emitting the
 * demo's {@code my_room_event} to that room at stepped rates. Each step is warmed up, measured, then
 * drained; stepping stops at the first step whose p99 passes 1 s or that delivers under 95 % of the load.
 */
public final class FanoutScenario implements Scenario {
    static final String ROOM = "bench";
    /** The headline CPU figure (the native floor reports its own under the same label). */
    public static final String CPU_FIGURE = "server CPU µs per delivered message (at 20k/s)";

    static final double REFERENCE_RATE = 20_000;
    static final long P99_LIMIT_MICROS = 100_000;
    private static final long STOP_P99_MICROS = 1_000_000;
    private static final int DATA_BYTES = 32;
    private static final double MIN_JOINED_SHARE = 0.99;

    /** One fan-out shape. */
    record Variant(int nodes, int receivers, Transport transport, boolean binary, List<Integer> deliveryRates) {
        String label() {
            return String.format(
                    Locale.ROOT,
                    "%d node%s, %,d %s receivers%s",
                    nodes,
                    nodes == 1 ? "" : "s",
                    receivers,
                    transport.queryName(),
                    binary ? ", binary" : "");
        }
    }

    private final List<Variant> variants;

    FanoutScenario(List<Variant> variants) {
        this.variants = List.copyOf(variants);
    }

    /** The report's variants. */
    public static FanoutScenario standard() {
        List<Integer> small =
                List.of(10_000, 20_000, 30_000, 50_000, 70_000, 100_000, 150_000, 200_000, 300_000, 400_000);
        List<Integer> large = List.of(20_000, 30_000, 50_000, 70_000, 100_000, 150_000, 200_000, 300_000, 400_000);
        List<Integer> polling = List.of(5_000, 10_000, 20_000, 50_000, 100_000, 150_000);
        return new FanoutScenario(List.of(
                new Variant(1, 1_000, Transport.WEBSOCKET, false, small),
                new Variant(2, 1_000, Transport.WEBSOCKET, false, small),
                new Variant(1, 10_000, Transport.WEBSOCKET, false, large),
                new Variant(2, 10_000, Transport.WEBSOCKET, false, large),
                new Variant(1, 1_000, Transport.POLLING, false, polling)));
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String description() {
        return "N receivers in one room, one publisher emitting my_room_event to it at stepped rates";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Variant variant : variants) {
            context.variant(system.name(), variant.label(), outcomes, () -> run(system, round, context, variant));
        }
        return outcomes;
    }

    private Outcome run(ServerSystem system, int round, BenchContext context, Variant variant) {
        int wanted = context.scaled(variant.receivers(), 2);
        try (Rig rig = Rig.start(system, variant.nodes(), context);
                Crowd crowd = new Crowd(context.generator());
                Crowd publisher = new Crowd(context.generator())) {
            crowd.connect(wanted, rig.cluster()::endpoint, i -> ROOM, variant.transport(), 200, Duration.ofMinutes(2));
            publisher.connect(
                    1, i -> rig.cluster().endpoint(0), i -> null, Transport.WEBSOCKET, 1, Duration.ofSeconds(30));
            // a server that drops a client or two while they join is reported (clients lost), not fatal
            int receivers = crowd.ready();
            if (receivers < wanted * MIN_JOINED_SHARE || publisher.ready() < 1) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s: only %d of %d receivers joined (%s)",
                        variant.label(),
                        receivers,
                        wanted,
                        crowd.closeReasons()));
            }
            Message message =
                    variant.binary() ? Message.binaryRoomEvent(ROOM, DATA_BYTES) : Message.roomEvent(ROOM, DATA_BYTES);
            List<Step> steps = new ArrayList<>();
            warmUp(publisher.sessions(), receivers, variant, crowd, message, context);
            for (int rate : variant.deliveryRates()) {
                Step step =
                        step(rig, crowd, publisher.sessions(), message, context.scaled(rate, 10), receivers, context);
                steps.add(step);
                if (step.p99Micros() > STOP_P99_MICROS
                        || !step.keptUp()
                        || !rig.cluster().alive()) {
                    break;
                }
            }
            List<String> notes = new ArrayList<>();
            if (context.profile() && round == 1 && system instanceof SkeinSystem && variant == variants.get(0)) {
                notes.add(profile(rig, crowd, publisher.sessions(), message, receivers, highestKeptUp(steps), context));
            }
            Map<String, Double> figures = figures(steps);
            figures.put("receivers that failed to join", (double) (wanted - receivers));
            return new Outcome(name(), variant.label(), system.name(), round, figures, steps, notes);
        }
    }

    /**
     * One more step at {@code rate} with JFR recording the first node (not counted: the profiler costs CPU);
     * returns the top-frames tables, and leaves the recording and its collapsed stacks in the artifacts.
     */
    private static String profile(
            Rig rig,
            Crowd crowd,
            List<Session> publisher,
            Message message,
            int receivers,
            double rate,
            BenchContext context) {
        Path jfr = context.artifactDir().resolve("fanout-skein.jfr");
        try (JfrProfiler profiler = new JfrProfiler()) {
            Files.createDirectories(context.artifactDir());
            profiler.start(rig.cluster().node(0).pid(), jfr);
            step(rig, crowd, publisher, message, rate, receivers, context);
            profiler.stop();
            JfrSummary summary = JfrSummary.read(jfr);
            Path collapsed = context.artifactDir().resolve("fanout-skein.collapsed.txt");
            summary.writeCollapsedStacks(collapsed);
            return String.format(
                    Locale.ROOT,
                    "### Where Skein's time goes (JFR, 1 node, %,d receivers, %,.0f deliveries/s)%n%n"
                            + "Recorded by `bench/run.sh --profile` (`jcmd JFR.start settings=profile`) during one extra step,"
                            + " not counted above. Collapsed stacks for a flame graph: `bench/target/run/artifacts/%s`.%n%n%s",
                    receivers,
                    rate,
                    collapsed.getFileName(),
                    summary.toMarkdown(25));
        } catch (IOException e) {
            throw new UncheckedIOException("could not profile Skein", e);
        }
    }

    private static double highestKeptUp(List<Step> steps) {
        return steps.stream()
                .filter(Step::keptUp)
                .mapToDouble(Step::offeredPerSecond)
                .max()
                .orElse(REFERENCE_RATE);
    }

    private static void warmUp(
            List<Session> publisher,
            int receivers,
            Variant variant,
            Crowd crowd,
            Message message,
            BenchContext context) {
        double perSecond = Math.max(1.0, variant.deliveryRates().get(0) * context.scale() / receivers);
        try (PacedSender sender = PacedSender.start(publisher, perSecond, s -> message)) {
            Pause.sleep(context.warmup().multipliedBy(2));
        }
        Pause.until(crowd::received, Long.MAX_VALUE, Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    static Step step(
            Rig rig,
            Crowd crowd,
            List<Session> publisher,
            Message message,
            double deliveriesPerSecond,
            int receivers,
            BenchContext context) {
        return measure(
                rig,
                crowd,
                deliveriesPerSecond,
                receivers,
                context,
                () -> PacedSender.start(publisher, deliveriesPerSecond / receivers, s -> message));
    }

    /**
     * One measured step: {@code load} starts sending, runs through the warm-up, then a window in which the
     * servers' CPU and what the clients receive are counted; the messages sent in the window are followed
     * until they arrive (or 15 s pass), for the latency and the shortfall. {@code fanout} is how many
     * deliveries one sent message makes.
     */
    static Step measure(
            Rig rig,
            Crowd crowd,
            double offeredPerSecond,
            double fanout,
            BenchContext context,
            java.util.function.Supplier<PacedSender> load) {
        int closedBefore = crowd.closed();
        Rig.Meters meters = rig.meters();
        PacedSender sender = load.get();
        long receivedDuring;
        long sentInWindow;
        long serverCpu;
        long redisCpu;
        long generatorCpu;
        long windowNanos;
        try {
            Pause.sleep(context.warmup());
            long receivedBefore = crowd.received();
            meters.restart();
            long windowStart = System.nanoTime();
            // the sender and the receivers count the messages stamped in the same window: exactly the same ones
            long windowOpened = System.nanoTime();
            crowd.openWindow(windowOpened);
            sender.openWindow(windowOpened);
            Pause.sleep(context.measure());
            long windowClosed = System.nanoTime();
            crowd.closeWindow(windowClosed);
            sender.closeWindow(windowClosed);
            sentInWindow = sender.sentInWindow();
            receivedDuring = crowd.received() - receivedBefore;
            serverCpu = meters.servers().nanosSinceStart();
            redisCpu = meters.redis().nanosSinceStart();
            generatorCpu = meters.generator().nanosSinceStart();
            windowNanos = System.nanoTime() - windowStart;
        } finally {
            sender.close();
        }
        long expected = (long) (sentInWindow * fanout);
        Pause.until(crowd::receivedFromWindow, expected, Duration.ofSeconds(2), Duration.ofSeconds(15));
        return Step.of(
                offeredPerSecond,
                expected,
                crowd.receivedFromWindow(),
                receivedDuring,
                windowNanos / 1e9,
                serverCpu,
                redisCpu,
                generatorCpu,
                crowd.windowLatency(),
                crowd.closed() - closedBefore);
    }

    static Map<String, Double> figures(List<Step> steps) {
        Map<String, Double> figures = new LinkedHashMap<>();
        Step reference = steps.stream()
                .filter(s -> s.offeredPerSecond() <= REFERENCE_RATE)
                .reduce((a, b) -> b)
                .orElse(steps.get(0));
        figures.put(CPU_FIGURE, reference.serverCpuMicrosPerMessage());
        figures.put("Redis CPU µs per delivered message (at 20k/s)", reference.redisCpuMicrosPerMessage());
        figures.put("highest delivered msg/s with p99 <= 100 ms", highestWithin(steps, P99_LIMIT_MICROS));
        figures.put("p99 ms at 20k/s", reference.p99Micros() / 1000.0);
        figures.put(
                "load generator CPU µs per message, highest step",
                steps.get(steps.size() - 1).generatorCpuMicrosPerMessage());
        return figures;
    }

    static double highestWithin(List<Step> steps, long p99LimitMicros) {
        return steps.stream()
                .filter(s -> s.keptUp() && s.p99Micros() <= p99LimitMicros)
                .mapToDouble(Step::deliveredPerSecond)
                .max()
                .orElse(0);
    }
}
