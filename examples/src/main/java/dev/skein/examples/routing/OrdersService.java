package dev.skein.examples.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP service of Skein's routing example (examples/routing, docs/routing.md): Skein POSTs it every event
 * its routes send here, and the JSON answer becomes the client's acknowledgement plus actions. JDK only, one
 * file, so it runs with one line and no build:
 *
 * <pre>{@code
 * java examples/src/main/java/dev/skein/examples/routing/OrdersService.java 8001
 * }</pre>
 *
 * <ul>
 *   <li>{@code orders.place {item, qty}} (or the Linkis form {@code {"method": "/api/v1/orders/place", "data":
 *       {item, qty}}}): records the order, acknowledges it, joins the client to room {@code orders} and emits
 *       {@code orders.placed} to that room (on every Skein node);
 *   <li>{@code orders.list} (or {@code /api/v1/orders/list}): acknowledges the last ten orders;
 *   <li>anything else: answers 404, which the client reads as {@code {"error": "status 404"}}.
 * </ul>
 */
public final class OrdersService {
    private static final int KEPT = 10;

    private final String instance;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();

    private OrdersService(String instance) {
        this.instance = instance;
    }

    public static void main(String[] args) throws IOException {
        // the JDK's server writes headers and body apart: without TCP_NODELAY each answer waits ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8001;
        String instance = System.getenv().getOrDefault("HOSTNAME", "orders") + ":" + port;
        OrdersService service = new OrdersService(instance);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.createContext("/events", service::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("orders service " + instance + " listening on :" + port + "/events");
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, Map.of());
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>)
                MiniJson.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        List<?> args = (List<?>) body.getOrDefault("args", List.of());
        Object first = args.isEmpty() ? null : args.get(0);
        String action = action(String.valueOf(body.get("event")), first);
        Map<?, ?> data = first instanceof Map<?, ?> map && map.get("data") instanceof Map<?, ?> inner
                ? inner
                : first instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> socket = (Map<?, ?>) body.getOrDefault("socket", Map.of());
        switch (action) {
            case "place" -> answer(exchange, 200, place(data, String.valueOf(socket.get("id"))));
            case "list" -> answer(exchange, 200, Map.of("ack", List.of(list())));
            default -> answer(exchange, 404, Map.of());
        }
    }

    /** {@code orders.place} by event name, or {@code place} from {@code /api/v1/orders/place}. */
    private static String action(String event, Object first) {
        if (first instanceof Map<?, ?> map && map.get("method") instanceof String method) {
            return method.substring(method.lastIndexOf('/') + 1);
        }
        return event.startsWith("orders.") ? event.substring("orders.".length()) : event;
    }

    private Map<String, Object> place(Map<?, ?> data, String socketId) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", nextId.getAndIncrement());
        order.put("item", String.valueOf(data.containsKey("item") ? data.get("item") : "tea"));
        order.put("qty", data.get("qty") instanceof Number n ? n.longValue() : 1L);
        order.put("by", socketId);
        order.put("instance", instance);
        synchronized (recent) {
            recent.addFirst(order);
            while (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ack", List.of(order));
        answer.put("join", List.of("orders"));
        answer.put(
                "emit", List.of(Map.of("rooms", List.of("orders"), "event", "orders.placed", "args", List.of(order))));
        return answer;
    }

    private List<Object> list() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        byte[] bytes = MiniJson.write(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Just enough JSON for this example, so that it needs no library and runs as one source file. */
    static final class MiniJson {
        private final String text;
        private int at;

        private MiniJson(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            MiniJson json = new MiniJson(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw new IllegalArgumentException("trailing characters at " + json.at);
            }
            return value;
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return "null".equals(word) ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-.eE0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String number = text.substring(start, at);
            return number.matches("-?\\d+") ? (Object) Long.valueOf(number) : Double.valueOf(number);
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            space();
            while (text.charAt(at) != '}') {
                space();
                String key = string();
                space();
                at++; // ':'
                map.put(key, value());
                space();
                if (text.charAt(at) == ',') {
                    at++;
                    space();
                }
            }
            at++;
            return map;
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            space();
            while (text.charAt(at) != ']') {
                list.add(value());
                space();
                if (text.charAt(at) == ',') {
                    at++;
                }
                space();
            }
            at++;
            return list;
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            for (char c = text.charAt(at); c != '"'; c = text.charAt(at)) {
                if (c == '\\') {
                    char e = text.charAt(++at);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
                at++;
            }
            at++;
            return out.toString();
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        static String write(Object value) {
            if (value == null || value instanceof Boolean || value instanceof Number) {
                return String.valueOf(value);
            }
            if (value instanceof Map<?, ?> map) {
                List<String> parts = new ArrayList<>();
                map.forEach((k, v) -> parts.add(write(String.valueOf(k)) + ":" + write(v)));
                return "{" + String.join(",", parts) + "}";
            }
            if (value instanceof List<?> list) {
                List<String> parts = new ArrayList<>();
                list.forEach(v -> parts.add(write(v)));
                return "[" + String.join(",", parts) + "]";
            }
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
