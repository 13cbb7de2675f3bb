package dev.skein.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Skein sends to services and reads back (docs/routing.md): plain JSON, {@code byte[]} arguments as
 * base64 strings, answers read within bounds (nesting depth, string length). Thread-safe.
 */
public final class BackendMessages {
    /** Plain Jackson (no Socket.IO attachment placeholders), answers read within bounds. */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(10_000_000)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String node;

    public BackendMessages(String node) {
        this.node = node;
    }

    /** The POST body of an event: {@code {"node", "event", "args", "socket"}}. */
    public byte[] event(Socket socket, String event, Args args) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", node);
        body.put("event", event);
        body.put("args", args.asList());
        body.put("socket", socketJson(socket));
        return bytes(body);
    }

    /** The POST body of a connect hook: {@code {"type":"connect", "node", "socket", "auth", "address"}}. */
    public byte[] connect(Socket socket) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "connect");
        body.put("node", node);
        body.put("socket", socketJson(socket));
        body.put("auth", socket.handshake().auth());
        body.put("address", socket.handshake().address());
        return bytes(body);
    }

    /** The POST body of a disconnect hook: {@code {"type":"disconnect", "node", "reason", "socket"}}. */
    public byte[] disconnect(Socket socket, String reason, List<String> rooms) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "disconnect");
        body.put("node", node);
        body.put("reason", reason);
        Map<String, Object> described = socketJson(socket);
        described.put("rooms", rooms);
        body.put("socket", described);
        return bytes(body);
    }

    /** The frame of the Linkis form on a channel: {@code {"method", "data", "socket"}}. */
    public String methodFrame(Socket socket, Args args) {
        Map<?, ?> first = (Map<?, ?>) args.get(0);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("method", first.get("method"));
        frame.put("data", first.get("data"));
        frame.put("socket", socketJson(socket));
        return text(frame);
    }

    /** The frame of an event routed by name to a channel: {@code {"event", "args", "socket"}}. */
    public String eventFrame(Socket socket, String event, Args args) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", event);
        frame.put("args", args.asList());
        frame.put("socket", socketJson(socket));
        return text(frame);
    }

    /** {@code {"error": reason}}, the acknowledgement of a failed event. */
    public static Map<String, Object> error(String reason) {
        return Map.of("error", reason);
    }

    /**
     * Reads a JSON object; an empty body is an empty object.
     *
     * @throws RouteFailure {@value RouteFailure#BAD_ANSWER} when it is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Object value = JSON.readValue(body, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw RouteFailure.of(RouteFailure.BAD_ANSWER);
    }

    private static Map<String, Object> socketJson(Socket socket) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", socket.id());
        json.put("namespace", socket.namespace().name());
        List<String> rooms = new ArrayList<>(socket.rooms());
        Collections.sort(rooms);
        json.put("rooms", rooms);
        json.put("data", socket.data());
        return json;
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw RouteFailure.of(RouteFailure.BAD_REQUEST);
        }
    }

    private static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw RouteFailure.of(RouteFailure.BAD_REQUEST);
        }
    }
}
