package dev.skein.wire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The publishes captured from the official adapter and emitter ({@code redis-vectors/*.txt}, copied from
 * {@code shared/vectors/}), by scenario: each {@code ### title} with the {@code [SOURCE] PUBLISH channel}
 * lines under it and their bytes (the {@code hex:} line of a MessagePack message, the text of a JSON one).
 */
public final class CapturedVectors {
    /** One captured {@code PUBLISH}. */
    public record Publish(String source, String channel, byte[] bytes) {}

    private CapturedVectors() {}

    /** The scenarios of {@code file}, in file order, each with its publishes in order. */
    public static Map<String, List<Publish>> scenarios(String file) {
        Map<String, List<Publish>> scenarios = new LinkedHashMap<>();
        List<Publish> current = null;
        String source = null;
        String channel = null;
        for (String raw : read(file).split("\n")) {
            String line = raw.strip();
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                scenarios.put(line.substring(4), current);
            } else if (line.startsWith("[") && line.contains("] PUBLISH ")) {
                source = line.substring(1, line.indexOf(']'));
                channel = line.substring(line.indexOf("] PUBLISH ") + 10).strip();
            } else if (current != null && channel != null && line.startsWith("hex: ")) {
                current.add(new Publish(source, channel, HexFormat.of().parseHex(line.substring(5))));
                channel = null;
            } else if (current != null && channel != null && line.startsWith("JSON (")) {
                current.add(new Publish(
                        source, channel, line.substring(line.indexOf("): ") + 3).getBytes(StandardCharsets.UTF_8)));
                channel = null;
            }
        }
        return scenarios;
    }

    private static String read(String file) {
        try (InputStream in = CapturedVectors.class.getResourceAsStream("/redis-vectors/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
