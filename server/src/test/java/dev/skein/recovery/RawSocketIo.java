package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.RawWebSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Socket.IO client spoken by hand over a real websocket, for recovery's edges: it sends the CONNECT a
 * recovering client sends ({@code {"pid", "offset"}} in its auth) and reads exactly what comes back.
 */
final class RawSocketIo implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawWebSocket socket;
    private String sid;
    private String pid;
    private String lastOffset;

    private RawSocketIo(RawWebSocket socket) {
        this.socket = socket;
    }

    /** Opens an Engine.IO v4 websocket session to the node at {@code url} ({@code http://...}). */
    static RawSocketIo open(String url) {
        RawSocketIo client = new RawSocketIo(
                RawWebSocket.open(url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"));
        assertThat(client.socket.nextText()).startsWith("0{");
        return client;
    }

    /**
     * Sends a CONNECT to {@code nsp} with {@code auth} (JSON), and returns the EVENT packets that came before
     * the CONNECT answer (a recovered socket's missed events).
     */
    List<String> connect(String nsp, String auth) {
        String prefix = "/".equals(nsp) ? "" : nsp + ",";
        socket.send("40" + prefix + auth);
        List<String> before = new ArrayList<>();
        while (true) {
            String packet = text();
            if (packet.startsWith("0" + prefix + "{")) {
                JsonNode answer = json(packet.substring(1 + prefix.length()));
                sid = answer.path("sid").asText();
                pid = answer.path("pid").asText(null);
                return before;
            }
            assertThat(packet).as("no CONNECT_ERROR").doesNotStartWith("4");
            before.add(packet);
            remember(packet);
        }
    }

    /** CONNECT to {@code "/"} with {@code auth}. */
    List<String> connect(String auth) {
        return connect("/", auth);
    }

    /** The auth of a client that recovers: its pid and last offset ({@code null}: none). */
    static String recoveryAuth(String pid, String offset) {
        return offset == null ? "{\"pid\":\"" + pid + "\"}" : "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}";
    }

    /** The next EVENT called {@code name}, skipping others; the client remembers its offset. */
    JsonNode next(String name) {
        while (true) {
            String packet = text();
            remember(packet);
            JsonNode args = eventArgs(packet);
            if (args != null && name.equals(args.path(0).asText())) {
                return args;
            }
        }
    }

    /**
     * The next packet that starts with {@code prefix} ({@code "31["} for acknowledgement 1, {@code "1"} for a
     * DISCONNECT), skipping others; offsets of events on the way are remembered.
     */
    String until(String prefix) {
        while (true) {
            String packet = text();
            remember(packet);
            if (packet.startsWith(prefix)) {
                return packet;
            }
        }
    }

    /** Sends {@code packet} as it is ({@code 42["event"]}, {@code 41}, ...). */
    void send(String packet) {
        socket.send(packet);
    }

    /** The next Socket.IO packet (without the Engine.IO message's {@code 4}), answering pings. */
    String text() {
        Object message = socket.nextAnsweringPings();
        assertThat(message).isInstanceOf(String.class);
        String text = (String) message;
        assertThat(text).startsWith("4");
        return text.substring(1);
    }

    /** Drops the connection without a word, as a network failure does. */
    void cut() {
        socket.close();
    }

    String sid() {
        return sid;
    }

    String pid() {
        return pid;
    }

    /** The offset of the last recoverable event received, as the official client keeps it. */
    String lastOffset() {
        return lastOffset;
    }

    /** The arguments of an EVENT packet (name first), or {@code null}. */
    static JsonNode eventArgs(String packet) {
        if (!packet.startsWith("2")) {
            return null;
        }
        int start = packet.indexOf('[');
        return json(packet.substring(start));
    }

    /** The event names of {@code packets}, in order. */
    static List<String> names(List<String> packets) {
        List<String> names = new ArrayList<>();
        for (String packet : packets) {
            JsonNode args = eventArgs(packet);
            if (args != null) {
                names.add(args.path(0).asText());
            }
        }
        return names;
    }

    private void remember(String packet) {
        JsonNode args = eventArgs(packet);
        if (args != null && args.size() > 1 && args.get(args.size() - 1).isTextual()) {
            lastOffset = args.get(args.size() - 1).asText();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
