package dev.skein.routing;

import dev.skein.config.RoutesConfig;
import dev.skein.testing.HttpBackendService;
import dev.skein.testing.JavaClients;
import dev.skein.testing.TestNode;
import dev.skein.testing.WsBackendProcess;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.json.JSONObject;

/**
 * What routing an event costs against a local handler, on one node on loopback with one Java client: the round
 * trip of an acknowledged event handled in Skein ({@code echo}), routed to an HTTP service ({@code orders.create},
 * the service's answer as the ack), and routed to a WebSocket service in the Linkis form (the ack {@code
 * {"sent":true}}, and the service's push back to the client); and the HTTP service alone (keep-alive POSTs from
 * {@code java.net.http}), so that Skein's share shows. Sequential (one in flight) for latency, then {@code
 * concurrency} in flight for throughput. Not a pass/fail test; the figures go to docs/routing.md.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once (and {@code npm ci} in {@code server/src/test/js}), then
 * {@code ./mvnw -q -pl server exec:java -Dexec.classpathScope=test -Dskein.jsTestsDir=server/src/test/js
 * -Dexec.mainClass=dev.skein.routing.RoutingBenchmark
 * -Dexec.args="20000 32"} (events per measure, in flight for throughput; {@code "200 4"} checks that it runs).
 */
public final class RoutingBenchmark {
    private RoutingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        try (HttpBackendService orders = HttpBackendService.start("orders");
                WsBackendProcess feed = WsBackendProcess.start("feed")) {
            Path routes = Files.createTempFile("routes", ".yaml");
            Files.writeString(
                    routes,
                    RoutesFileTest.MINIMAL
                            .replace("http://127.0.0.1:8001/events", orders.url())
                            .replace("ws://127.0.0.1:8002/feed", feed.url()));
            try (TestNode node = TestNode.start(b -> b.routes(new RoutesConfig(routes))
                            .limits(l -> l.eventsPerSecond(0).maxConnectionsPerIp(0)));
                    JavaClients clients = new JavaClients(node.url())) {
                Socket client = clients.connect("/");
                PushWaiter pushes = new PushWaiter(client);
                System.out.printf(
                        Locale.ROOT, "%d events per measure; throughput with %d in flight%n%n", count, concurrency);
                System.out.printf(
                        Locale.ROOT, "%-44s %9s %9s %9s %12s%n", "", "p50 us", "p99 us", "p99.9 us", "events/s");
                for (int round = 0; round < 2; round++) {
                    boolean warm = round == 0;
                    measure(
                            warm,
                            "local handler (echo)",
                            count,
                            concurrency,
                            (i, done) -> emit(client, "echo", i, done));
                    measure(warm, "HTTP service direct (java.net.http)", count, 1, direct(orders.url()));
                    measure(
                            warm,
                            "routed to HTTP (orders.create, its ack)",
                            count,
                            concurrency,
                            (i, done) -> emit(client, "orders.create", i, done));
                    measure(
                            warm,
                            "routed to WebSocket (Linkis, ack sent:true)",
                            count,
                            concurrency,
                            (i, done) -> emit(client, "api", method(i), done));
                    measure(
                            warm,
                            "routed to WebSocket (Linkis, push back)",
                            count,
                            concurrency,
                            (i, done) -> pushes.send(i, done));
                    if (warm) {
                        System.out.println("(warm-up above)");
                    }
                }
            }
            Files.deleteIfExists(routes);
        }
    }

    private static JSONObject method(int i) {
        return new JSONObject(Map.of("method", "/api/v1/feed/bench", "data", i));
    }

    private static void emit(Socket client, String event, Object arg, Runnable done) {
        client.emit(event, new Object[] {arg, (Ack) reply -> done.run()});
    }

    private static BiConsumer<Integer, Runnable> direct(String url) {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return (i, done) -> http.sendAsync(
                        HttpRequest.newBuilder(URI.create(url))
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"node\":\"n\",\"event\":\"orders.create\",\"args\":[" + i
                                                        + "],\"socket\":{\"id\":\"s\",\"namespace\":\"/\",\"rooms\":[],\"data\":{}}}"))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .thenRun(done);
    }

    private static void measure(
            boolean warmUp, String name, int count, int concurrency, BiConsumer<Integer, Runnable> op)
            throws Exception {
        long[] sequential = new long[Math.max(1, count / 4)];
        for (int i = 0; i < sequential.length; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long began = System.nanoTime();
            op.accept(i, () -> done.complete(null));
            done.get(10, TimeUnit.SECONDS);
            sequential[i] = System.nanoTime() - began;
        }
        Semaphore inFlight = new Semaphore(concurrency);
        CompletableFuture<Void> all = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(count);
        long began = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            op.accept(i, () -> {
                inFlight.release();
                if (left.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        all.get(60, TimeUnit.SECONDS);
        double perSecond = count / ((System.nanoTime() - began) / 1e9);
        if (!warmUp) {
            Arrays.sort(sequential);
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %9.0f %9.0f %9.0f %12.0f%n",
                    name,
                    micros(sequential, 0.5),
                    micros(sequential, 0.99),
                    micros(sequential, 0.999),
                    perSecond);
        }
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))] / 1_000.0;
    }

    /** Sends Linkis events and calls back when the service's push for each comes back. */
    private static final class PushWaiter {
        private final Socket client;
        private final ConcurrentHashMap<Integer, Runnable> waiting = new ConcurrentHashMap<>();

        PushWaiter(Socket client) {
            this.client = client;
            client.on("feed.reply", args -> {
                Runnable done = waiting.remove(((JSONObject) args[0]).optInt("data", -1));
                if (done != null) {
                    done.run();
                }
            });
        }

        void send(int i, Runnable done) {
            waiting.put(i, done);
            client.emit("api", method(i));
        }
    }
}
