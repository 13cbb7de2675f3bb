package dev.skein.clientdemo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The command line of the client demo, validated. Immutable.
 *
 * @param url the server or load balancer, {@code http(s)://host[:port]}, with an optional namespace path
 * @param room the room to join and talk to
 * @param transports the transports to use, in order
 * @param auth the handshake's {@code auth} payload (string values), empty for none
 */
record DemoOptions(URI url, String room, String[] transports, Map<String, String> auth) {
    static final String USAGE = String.join(
            "\n",
            "usage: java -jar skein-client-demo.jar --url <http://host:port> --room <room> [options]",
            "  --url <url>                 the Skein node or load balancer (default http://localhost:3000)",
            "  --room <room>               the room to join; each line typed is sent to it (default lobby)",
            "  --transport <t>             polling, websocket, or both: polling upgraded to websocket (default)",
            "  --auth <json>               the handshake's auth payload, a JSON object: '{\"token\":\"abc\"}'",
            "Prints what it receives with timestamps; reconnects with backoff; Ctrl-C or end of input quits.",
            "");

    private static final int MAX_ROOM = 64;

    DemoOptions {
        Objects.requireNonNull(url, "url");
        auth = Map.copyOf(auth);
    }

    @Override
    public String[] transports() {
        return transports.clone();
    }

    /** Whether {@code args} ask for the usage text. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the bad flag or value and what is expected
     */
    static DemoOptions parse(String[] args) {
        String url = "http://localhost:3000";
        String room = "lobby";
        String transport = "both";
        String auth = null;
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--url" -> url = value;
                case "--room" -> room = value;
                case "--transport" -> transport = value;
                case "--auth" -> auth = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new DemoOptions(parseUrl(url), parseRoom(room), parseTransports(transport), parseAuth(auth));
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--url must be http://host[:port] or https://...: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a URL: " + url, e);
        }
    }

    private static String parseRoom(String room) {
        if (room.isBlank() || room.length() > MAX_ROOM) {
            throw new IllegalArgumentException("--room must be 1-" + MAX_ROOM + " characters");
        }
        return room;
    }

    private static String[] parseTransports(String transport) {
        return switch (transport) {
            case "polling" -> new String[] {"polling"};
            case "websocket" -> new String[] {"websocket"};
            case "both" -> new String[] {"polling", "websocket"};
            default ->
                throw new IllegalArgumentException("--transport must be polling, websocket or both: " + transport);
        };
    }

    private static Map<String, String> parseAuth(String auth) {
        if (auth == null) {
            return Map.of();
        }
        try {
            JSONObject json = new JSONObject(auth);
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<?> keys = json.keys(); keys.hasNext(); ) {
                String key = String.valueOf(keys.next());
                values.put(key, String.valueOf(json.get(key)));
            }
            return values;
        } catch (JSONException e) {
            throw new IllegalArgumentException("--auth must be a JSON object like '{\"token\":\"abc\"}'", e);
        }
    }
}
