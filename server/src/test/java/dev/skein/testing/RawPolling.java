package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Engine.IO v4 long-polling session driven by hand from a chosen loopback address, each request on its
 * own connection ({@link RawTcpHttp}): for tests of what a node does per client address, behind a proxy or
 * not. Not thread-safe.
 */
public final class RawPolling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/socket.io/?EIO=4&transport=polling";

    private final String from;
    private final int port;
    private final String sid;

    private RawPolling(String from, int port, String sid) {
        this.from = from;
        this.port = port;
        this.sid = sid;
    }

    /** The handshake's answer, whatever it is: 200 with the open packet, or a refusal. */
    public static RawTcpHttp.Response handshake(String from, int port, String... headers) {
        return RawTcpHttp.get(from, port, PATH, headers);
    }

    /**
     * Opens a session from {@code from} through {@code port} (a node's, or a proxy's).
     *
     * @throws AssertionError if the handshake is refused
     */
    public static RawPolling open(String from, int port, String... headers) {
        RawTcpHttp.Response open = handshake(from, port, headers);
        if (open.status() != 200 || !open.body().startsWith("0{")) {
            throw new AssertionError("handshake refused: " + open.status() + " " + open.body());
        }
        try {
            JsonNode packet = JSON.readTree(open.body().substring(1));
            return new RawPolling(from, port, packet.path("sid").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sid() {
        return sid;
    }

    /** POSTs {@code packets} as one payload; returns the status (200 when taken). */
    public int send(String... packets) {
        return RawTcpHttp.post(from, port, PATH + "&sid=" + sid, String.join("\u001e", packets))
                .status();
    }

    /** One long-poll: the packets it brought. */
    public List<String> poll() {
        RawTcpHttp.Response response = RawTcpHttp.get(from, port, PATH + "&sid=" + sid);
        if (response.status() != 200) {
            throw new AssertionError("long-poll answered " + response.status() + " " + response.body());
        }
        return new ArrayList<>(Arrays.asList(response.body().split("\u001e")));
    }

    /**
     * Long-polls until a packet starting with {@code prefix} comes (answering pings), at most 10 polls;
     * returns every packet up to and including it.
     */
    public List<String> pollUntil(String prefix) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (String packet : poll()) {
                seen.add(packet);
                if ("2".equals(packet)) {
                    send("3");
                }
                if (packet.startsWith(prefix)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no packet starting with " + prefix + " in " + seen);
    }

    /** Joins the main namespace and returns the CONNECT answer. */
    public String connect() {
        send("40");
        List<String> packets = pollUntil("40");
        return packets.get(packets.size() - 1);
    }

    /** Sends the Engine.IO CLOSE and takes the long-poll that follows, so that the session ends now. */
    public void close() {
        send("1");
        RawTcpHttp.get(from, port, PATH + "&sid=" + sid);
    }
}
