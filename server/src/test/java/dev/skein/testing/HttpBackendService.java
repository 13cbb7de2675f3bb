package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP backend service for routing tests, the JDK's HTTP server on a free loopback port, answering
 * Skein's POSTs at {@code /events} by event name: {@code orders.join} joins {@code args[0].room}, {@code
 * orders.shout} emits {@code orders.news} with {@code args[0].text} to room {@code args[0].room}, {@code
 * orders.slow} never answers, {@code orders.fail} answers 500, {@code orders.junk} answers what is not JSON;
 * any other event (the Linkis form included) is acknowledged {@code {instance, event, method, data, socket,
 * rooms, socketData}}. A connect hook call is refused when {@code auth.token} is {@code "bad"}, else accepted
 * with {@code data.user = auth.user} and room {@code vip}. Every body received is kept. Stop it to close it.
 */
public final class HttpBackendService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK's server writes headers and body apart: without TCP_NODELAY each answer waits out the
        // client's delayed ACK (~40 ms), which would be measured as the service's time
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private HttpBackendService(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(TestEnvironment.LOOPBACK, 0), 64);
        server.createContext("/events", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts one, named {@code name} in its answers. */
    public static HttpBackendService start(String name) {
        try {
            return new HttpBackendService(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its URL, {@code http://127.0.0.1:<port>/events}. */
    public String url() {
        return "http://" + TestEnvironment.LOOPBACK + ":" + server.getAddress().getPort() + "/events";
    }

    /** The bodies received so far. */
    public List<JsonNode> received() {
        return received;
    }

    /** The bodies received so far of {@code type} ({@code connect}, {@code disconnect}) or event name. */
    public List<JsonNode> received(String typeOrEvent) {
        return received.stream()
                .filter(b -> typeOrEvent.equals(b.path("type").asText(null))
                        || typeOrEvent.equals(b.path("event").asText(null)))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        received.add(body);
        String type = body.path("type").asText("event");
        String event = body.path("event").asText("");
        JsonNode first = body.path("args").path(0);
        switch (type.equals("event") ? event : type) {
            case "connect" -> connect(exchange, body);
            case "disconnect" -> answer(exchange, 200, "{}");
            case "orders.slow" -> neverAnswer();
            case "orders.fail" -> answer(exchange, 500, "{}");
            case "orders.junk" -> answer(exchange, 200, "<html>not json</html>");
            case "orders.join" -> {
                ObjectNode answer = JSON.createObjectNode();
                answer.putArray("join").add(first.path("room").asText());
                answer.putArray("ack")
                        .addObject()
                        .put("joined", first.path("room").asText())
                        .put("instance", name);
                answer(exchange, 200, answer.toString());
            }
            case "orders.shout" -> {
                ObjectNode answer = JSON.createObjectNode();
                ObjectNode emit = answer.putArray("emit").addObject();
                emit.putArray("rooms").add(first.path("room").asText());
                emit.put("event", "orders.news");
                emit.putArray("args").add(first.path("text").asText());
                answer.putArray("ack").addObject().put("shouted", true);
                answer(exchange, 200, answer.toString());
            }
            default -> answer(exchange, 200, echo(body, first).toString());
        }
    }

    private ObjectNode echo(JsonNode body, JsonNode first) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode ack = answer.putArray("ack");
        ObjectNode value = ack.addObject();
        value.put("instance", name);
        value.put("node", body.path("node").asText());
        value.put("event", body.path("event").asText());
        value.set("method", first.path("method"));
        value.set("data", first.path("data"));
        value.put("socket", body.path("socket").path("id").asText());
        value.set("rooms", body.path("socket").path("rooms"));
        value.set("socketData", body.path("socket").path("data"));
        return answer;
    }

    private void connect(HttpExchange exchange, JsonNode body) throws IOException {
        JsonNode auth = body.path("auth");
        if ("bad".equals(auth.path("token").asText())) {
            answer(exchange, 200, "{\"accept\":false,\"message\":\"go away\",\"data\":{\"code\":403}}");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data").put("user", auth.path("user").asText("anonymous"));
        answer.putArray("rooms").add("vip");
        answer(exchange, 200, answer.toString());
    }

    private void neverAnswer() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops at once: open connections are dropped, as when the process dies. */
    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
