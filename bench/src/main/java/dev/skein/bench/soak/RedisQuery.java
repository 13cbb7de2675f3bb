package dev.skein.bench.soak;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A few read-only commands to a Redis on loopback over plain RESP, one connection each: what the soak
 * samples ({@code DBSIZE}, {@code INFO}, {@code PUBSUB CHANNELS}, {@code PUBSUB NUMPAT}). Immutable.
 */
final class RedisQuery {
    private final int port;

    RedisQuery(int port) {
        this.port = port;
    }

    /** {@code DBSIZE}: keys in the database. */
    long keys() {
        return (Long) command("DBSIZE");
    }

    /** {@code PUBSUB CHANNELS}: channels with at least one subscriber. */
    int channels() {
        return ((List<?>) command("PUBSUB", "CHANNELS")).size();
    }

    /** {@code PUBSUB NUMPAT}: pattern subscriptions. */
    long patterns() {
        return (Long) command("PUBSUB", "NUMPAT");
    }

    /** A numeric field of {@code INFO section}, such as {@code used_memory} of {@code memory}; -1 if absent. */
    long info(String section, String field) {
        String text = (String) command("INFO", section);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }

    private Object command(String... words) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                request.append('$')
                        .append(word.length())
                        .append("\r\n")
                        .append(word)
                        .append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not answer " + String.join(" ", words), e);
        }
    }

    /** One RESP2 value: integer, simple or bulk string, array; an error fails. */
    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case ':' -> {
                return Long.parseLong(line);
            }
            case '+' -> {
                return line;
            }
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2);
                return new String(body, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(0, count));
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default -> throw new IOException("Redis answered " + (char) type + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection mid-answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
