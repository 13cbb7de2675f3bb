package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.Transport;
import dev.skein.bench.profile.HeapHistogram;
import dev.skein.bench.system.FileLimit;
import dev.skein.bench.system.ProcStat;
import dev.skein.bench.system.RunningNode;
import dev.skein.bench.system.ServerSystem;
import dev.skein.bench.system.SkeinSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Idle connections: 10,000 websocket clients connected to "/" on one node, doing nothing. The node's live
 * heap after a full collection and its resident memory, before and after, give the cost of one connection;
 * Skein's class histogram says where it goes. The largest count the node could hold is the lower of its
 * heap limit and its open-file limit, at that cost.
 */
public final class IdleScenario implements Scenario {
    /** The headline memory figures (the native floor reports its own under the same labels). */
    public static final String HEAP_FIGURE = "live heap KB per connection";

    public static final String RSS_FIGURE = "RSS KB per connection";

    /** The measured curves: memory (MB) against connections. */
    public static final String HEAP_CURVE = "live heap (MB)";

    public static final String RSS_CURVE = "RSS (MB)";

    private static final int CONNECTIONS = 10_000;
    private static final int PARTS = 4;
    private static final double MB = 1024.0 * 1024.0;
    private static final int WARM_UP_CONNECTIONS = 500;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String description() {
        return "10,000 idle websocket connections on one node: live heap after a full collection and resident"
                + " memory per connection";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        int connections = context.scaled(CONNECTIONS, 10);
        String variant = String.format(Locale.ROOT, "1 node, %,d websocket connections", connections);
        if (!context.selects(variant)) {
            return List.of();
        }
        try (Rig rig = Rig.start(system, 1, context)) {
            RunningNode node = rig.cluster().node(0);
            warmUp(rig, context);
            HeapHistogram histogramBefore = histogram(system, node);
            long heapBefore = system.liveHeapBytes(node);
            long rssBefore = ProcStat.rssBytes(node.pid());
            int filesBefore = ProcStat.openFiles(node.pid());
            try (Crowd crowd = new Crowd(context.generator())) {
                List<Outcome.CurvePoint> heapCurve =
                        new ArrayList<>(List.of(new Outcome.CurvePoint(0, heapBefore / MB)));
                List<Outcome.CurvePoint> rssCurve = new ArrayList<>(List.of(new Outcome.CurvePoint(0, rssBefore / MB)));
                for (int part = 1; part <= PARTS; part++) {
                    int target = (int) ((long) connections * part / PARTS);
                    crowd.connect(
                            target - crowd.ready(),
                            i -> node.endpoint(),
                            i -> null,
                            Transport.WEBSOCKET,
                            200,
                            Duration.ofMinutes(3));
                    if (crowd.ready() < target) {
                        throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "only %d of %d connected (%s)",
                                crowd.ready(),
                                target,
                                crowd.closeReasons()));
                    }
                    if (part < PARTS) {
                        heapCurve.add(new Outcome.CurvePoint(target, system.liveHeapBytes(node) / MB));
                        rssCurve.add(new Outcome.CurvePoint(target, ProcStat.rssBytes(node.pid()) / MB));
                    }
                }
                Pause.sleep(Duration.ofSeconds(2));
                long heapAfter = system.liveHeapBytes(node);
                long rssAfter = ProcStat.rssBytes(node.pid());
                HeapHistogram histogramAfter = histogram(system, node);
                heapCurve.add(new Outcome.CurvePoint(connections, heapAfter / MB));
                rssCurve.add(new Outcome.CurvePoint(connections, rssAfter / MB));
                double heapPerConnection = (heapAfter - heapBefore) / (double) connections;
                double rssPerConnection = (rssAfter - rssBefore) / (double) connections;
                long byHeap = (long) ((system.heapLimitBytes(node) - heapBefore) / Math.max(1, heapPerConnection));
                long byFiles = FileLimit.of(node.pid()) - filesBefore;
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put(HEAP_FIGURE, heapPerConnection / 1024);
                figures.put(RSS_FIGURE, rssPerConnection / 1024);
                figures.put("largest count one node holds (heap or file limit)", (double) Math.min(byHeap, byFiles));
                figures.put("connections the heap limit allows", (double) byHeap);
                List<String> notes = new ArrayList<>();
                if (histogramBefore != null && round == 1) {
                    notes.add("### Where " + system.name() + "'s connection goes (live heap growth per connection,"
                            + " `jcmd GC.class_histogram`, round 1)\n\n"
                            + HeapHistogram.diff(histogramBefore, histogramAfter)
                                    .perConnection(connections, 25));
                }
                Map<String, List<Outcome.CurvePoint>> curves = new LinkedHashMap<>();
                curves.put(HEAP_CURVE, heapCurve);
                curves.put(RSS_CURVE, rssCurve);
                return List.of(new Outcome(name(), variant, system.name(), round, figures, List.of(), notes, curves));
            }
        }
    }

    /** Loads the classes and fills the pools a connection uses, so the baseline is not charged to them. */
    private static void warmUp(Rig rig, BenchContext context) {
        try (Crowd warm = new Crowd(context.generator())) {
            warm.connect(
                    context.scaled(WARM_UP_CONNECTIONS, 5),
                    i -> rig.cluster().endpoint(0),
                    i -> null,
                    Transport.WEBSOCKET,
                    100,
                    Duration.ofMinutes(1));
        }
        Pause.sleep(Duration.ofSeconds(2));
    }

    private static HeapHistogram histogram(ServerSystem system, RunningNode node) {
        return system instanceof SkeinSystem skein ? skein.histogram(node) : null;
    }
}
