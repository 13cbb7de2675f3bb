package dev.skein.routing.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads values out of a composed YAML tree and collects one line per error, {@code file:line: what}. Not
 * thread-safe: one per file read.
 */
final class YamlReader {
    private final Path file;
    private final List<String> errors = new ArrayList<>();

    YamlReader(Path file) {
        this.file = file;
    }

    List<String> errors() {
        return errors;
    }

    /** Records an error at {@code node}'s line. */
    void error(Node node, String message) {
        int line =
                node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        errors.add(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    /** The line of {@code node}, 1-based; 0 when unknown. */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /**
     * The entries of a mapping by key, in order; an error for a node that is no mapping, for a key that is not
     * a plain string, or for a key not in {@code allowed}.
     */
    Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            error(node, what + " : " + kind(node) + " (expected: a mapping of " + String.join(", ", allowed) + ")");
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                error(tuple.getKeyNode(), what + ": a key that is not a name");
                continue;
            }
            if (!allowed.isEmpty() && !allowed.contains(key.getValue())) {
                error(
                        key,
                        what + ": unknown key '" + key.getValue() + "' (expected: " + String.join(", ", allowed) + ")");
                continue;
            }
            if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
                error(key, what + ": '" + key.getValue() + "' given twice");
            }
        }
        return entries;
    }

    /** The items of a sequence; an error for a node that is no sequence. */
    List<Node> sequence(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        error(node, what + " : " + kind(node) + " (expected: a list)");
        return List.of();
    }

    /** A non-empty string, or {@code null} (with an error) when {@code node} is not one. */
    String string(Node node, String what) {
        if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
            return scalar.getValue().trim();
        }
        error(node, what + " : " + kind(node) + " (expected: a non-empty string)");
        return null;
    }

    /** Strings of a list; errors for items that are not. */
    List<String> strings(Node node, String what) {
        List<String> values = new ArrayList<>();
        for (Node item : sequence(node, what)) {
            String value = string(item, what + " item");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** An integer in {@code min..max}, or {@code fallback} (with an error) when {@code node} is not one. */
    int integer(Node node, String what, int min, int max, int fallback) {
        String text = node instanceof ScalarNode scalar ? scalar.getValue().trim() : null;
        try {
            int value = Integer.parseInt(text == null ? "" : text.replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(
                node,
                what + " : " + (text == null ? kind(node) : text) + " (expected: an integer " + min + ".." + max + ")");
        return fallback;
    }

    /** Plain data (maps, lists, strings) for a matcher's options. */
    Object plain(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(plain(item)));
            return items;
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            entries.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
        }
        return entries;
    }

    private static String kind(Node node) {
        if (node == null) {
            return "(missing)";
        }
        return switch (node.getNodeType()) {
            case SCALAR -> "'" + ((ScalarNode) node).getValue() + "'";
            case SEQUENCE -> "a list";
            case MAPPING -> "a mapping";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
