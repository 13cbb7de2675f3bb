package dev.skein.socket;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Handshake} in the shape the official server gives a socket's {@code handshake} (and so the
 * shape other nodes send in {@code fetchSockets} answers), and back.
 */
final class HandshakeWire {
    /** The format of JavaScript's {@code Date.prototype.toString()}, in UTC. */
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern(
                    "EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HandshakeWire() {}

    static Map<String, Object> toWire(Handshake handshake) {
        Map<String, Object> wire = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        handshake.headers().forEach((name, values) -> headers.put(name, headerValue(name, values)));
        wire.put("headers", headers);
        wire.put("time", JS_DATE.format(handshake.time()));
        wire.put("address", handshake.address());
        wire.put("xdomain", handshake.header("origin") != null);
        wire.put("secure", handshake.secure());
        wire.put("issued", handshake.time().toEpochMilli());
        wire.put("url", handshake.url());
        Map<String, Object> query = new LinkedHashMap<>();
        handshake.query().forEach((name, values) -> query.put(name, values.size() == 1 ? values.get(0) : values));
        wire.put("query", query);
        wire.put("auth", handshake.auth());
        return wire;
    }

    /** Reads what another node sent; missing or mistyped fields become empty values, never an error. */
    @SuppressWarnings("unchecked")
    static Handshake fromWire(Map<String, Object> wire) {
        Instant time =
                wire.get("issued") instanceof Number issued ? Instant.ofEpochMilli(issued.longValue()) : Instant.EPOCH;
        Map<String, Object> auth = wire.get("auth") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new Handshake(
                multiMap(wire.get("headers"), true),
                multiMap(wire.get("query"), false),
                wire.get("address") instanceof String address ? address : "",
                time,
                Boolean.TRUE.equals(wire.get("secure")),
                wire.get("url") instanceof String url ? url : "",
                auth);
    }

    /** Node.js joins repeated request headers with {@code ", "} (cookies with {@code "; "}). */
    private static Object headerValue(String name, List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join("cookie".equals(name) ? "; " : ", ", values);
    }

    private static Map<String, List<String>> multiMap(Object value, boolean lowerCaseNames) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (!(value instanceof Map<?, ?> map)) {
            return result;
        }
        map.forEach((name, values) -> {
            List<String> strings = new ArrayList<>();
            if (values instanceof List<?> list) {
                list.forEach(item -> strings.add(String.valueOf(item)));
            } else if (values != null) {
                strings.add(String.valueOf(values));
            }
            String key = String.valueOf(name);
            result.put(lowerCaseNames ? key.toLowerCase(Locale.ROOT) : key, List.copyOf(strings));
        });
        return result;
    }
}
