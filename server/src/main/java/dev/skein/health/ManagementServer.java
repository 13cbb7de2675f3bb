package dev.skein.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skein.metrics.SkeinMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management HTTP port: {@code GET /health/live} (200 while the process works), {@code GET
 * /health/ready} (200 while accepting clients, 503 otherwise; the body says the state) and {@code GET
 * /metrics} (Prometheus text). Runs on one thread of its own, apart from the client event loops.
 */
public final class ManagementServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private ManagementServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts.
     *
     * @param details extra text for the readiness body, such as the connection count
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ManagementServer start(
            String host, int port, Readiness readiness, SkeinMetrics metrics, Supplier<String> details) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Management port " + port + " cannot be bound (" + e.getMessage() + "); set SKEIN_MGMT_PORT", e);
        }
        server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "live\n"));
        server.createContext("/health/ready", ex -> ready(ex, readiness, details));
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4", metrics.scrape()));
        server.createContext("/", ex -> respond(ex, 404, "text/plain", "Not Found\n"));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "skein-management");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new ManagementServer(server, executor);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void ready(HttpExchange exchange, Readiness readiness, Supplier<String> details) throws IOException {
        Readiness.State state = readiness.state();
        int status = state == Readiness.State.READY ? 200 : 503;
        String body =
                "{\"status\":\"" + state.name().toLowerCase(java.util.Locale.ROOT) + "\"," + details.get() + "}\n";
        respond(exchange, status, "application/json", body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops at once. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
