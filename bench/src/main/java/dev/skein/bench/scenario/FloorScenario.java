package dev.skein.bench.scenario;

import dev.skein.bench.load.Endpoint;
import dev.skein.bench.profile.HeapHistogram;
import dev.skein.bench.system.ChildProcess;
import dev.skein.bench.system.Commands;
import dev.skein.bench.system.FreePorts;
import dev.skein.bench.system.ProcStat;
import dev.skein.bench.system.ServerSystem;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floors a server could reach on this machine, the third column of the report: {@code
 * bench/floor/fanout-limit.c} (built with gcc) writing one 64-byte frame per {@code write()} to 1,000
 * loopback connections (CPU per frame), and {@code bench/floor/MinWsServer.java} (Netty alone) holding
 * 10,000 idle websockets (live heap and RSS per connection, its JVM run with Skein's options).
 */
public final class FloorScenario implements Scenario {
    /** The floor's name in the report's columns. */
    public static final String SYSTEM = "native floor";

    private static final int FANOUT_CONNECTIONS = 1_000;
    private static final int FANOUT_ROUNDS = 300;
    private static final int IDLE_CONNECTIONS = 10_000;
    private static final Pattern CPU = Pattern.compile("\"writerCpuUsPerFrame\":([0-9.]+)");

    private final Path floorDir;
    private final Path buildDir;
    private final Path benchJar;
    private final String javaOptions;

    public FloorScenario(Path floorDir, Path buildDir, Path benchJar, String javaOptions) {
        this.floorDir = floorDir;
        this.buildDir = buildDir;
        this.benchJar = benchJar;
        this.javaOptions = javaOptions;
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String description() {
        return "what this machine allows: C writing 64-byte frames to 1,000 loopback connections, and Netty alone"
                + " holding 10,000 idle websockets";
    }

    @Override
    public boolean perSystem() {
        return false;
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(FanoutScenario.CPU_FIGURE, fanoutMicrosPerFrame(context));
        figures.putAll(idleWebSockets(context));
        return List.of(new Outcome(name(), "C fan-out and Netty idle websockets", SYSTEM, round, figures, List.of()));
    }

    private double fanoutMicrosPerFrame(BenchContext context) {
        Path binary = buildDir.resolve("fanout-limit");
        try {
            Files.createDirectories(buildDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.run(
                "gcc",
                "-O2",
                "-o",
                binary.toString(),
                floorDir.resolve("fanout-limit.c").toString());
        int connections = context.scaled(FANOUT_CONNECTIONS, 10);
        String out = Commands.run(binary.toString(), Integer.toString(connections), Integer.toString(FANOUT_ROUNDS));
        Matcher cpu = CPU.matcher(out);
        if (!cpu.find() || !out.contains("\"readerOk\":true")) {
            throw new IllegalStateException("fanout-limit printed " + out.strip());
        }
        return Double.parseDouble(cpu.group(1));
    }

    private Map<String, Double> idleWebSockets(BenchContext context) {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of(
                "-cp", benchJar.toString(), floorDir.resolve("MinWsServer.java").toString(), Integer.toString(port)));
        int connections = context.scaled(IDLE_CONNECTIONS, 10);
        List<Channel> open = new ArrayList<>();
        try (ChildProcess server = ChildProcess.start("min-ws-server", command, Map.of(), context.logDir())) {
            Endpoint endpoint = new Endpoint("127.0.0.1", port);
            awaitListening(server, endpoint, context);
            openAll(context, endpoint, context.scaled(500, 5), open);
            open.forEach(Channel::close);
            open.clear();
            Pause.sleep(Duration.ofSeconds(2));
            long heapBefore = heap(server);
            long rssBefore = ProcStat.rssBytes(server.pid());
            openAll(context, endpoint, connections, open);
            Pause.sleep(Duration.ofSeconds(2));
            long heapAfter = heap(server);
            long rssAfter = ProcStat.rssBytes(server.pid());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put(IdleScenario.HEAP_FIGURE, (heapAfter - heapBefore) / 1024.0 / connections);
            figures.put(IdleScenario.RSS_FIGURE, (rssAfter - rssBefore) / 1024.0 / connections);
            return figures;
        } finally {
            open.forEach(Channel::close);
        }
    }

    private static void awaitListening(ChildProcess server, Endpoint endpoint, BenchContext context) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                context.generator().openRawWebSocket(endpoint, "/ws").get().close();
                return;
            } catch (Exception e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("MinWsServer exited: " + server.tail());
                }
                Pause.sleep(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("MinWsServer did not listen within 60 s: " + server.tail());
    }

    private static void openAll(BenchContext context, Endpoint endpoint, int count, List<Channel> open) {
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<Channel>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            CompletableFuture<Channel> channel = context.generator().openRawWebSocket(endpoint, "/ws");
            channel.whenComplete((c, e) -> inFlight.release());
            opening.add(channel);
        }
        for (CompletableFuture<Channel> channel : opening) {
            open.add(channel.join());
        }
    }

    private static long heap(ChildProcess server) {
        try {
            return HeapHistogram.capture(server.pid()).totalBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read MinWsServer's heap", e);
        }
    }
}
