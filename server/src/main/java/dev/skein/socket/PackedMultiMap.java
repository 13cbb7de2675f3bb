package dev.skein.socket;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable multi-map of strings (a handshake's headers or query) packed into one UTF-8 byte array,
 * each name and value preceded by its length: what a long-lived connection keeps of its handshake costs
 * the bytes themselves plus one array, instead of a string, a list and a map node per entry. Reads
 * decode: {@link #get} scans, {@link #entrySet} builds an ordinary map, so it suits data read a few times
 * (by middleware when a socket connects), not on every packet.
 */
final class PackedMultiMap extends AbstractMap<String, List<String>> {
    private static final PackedMultiMap EMPTY = new PackedMultiMap(new byte[0]);

    private final byte[] packed;

    private PackedMultiMap(byte[] packed) {
        this.packed = packed;
    }

    /** Packs {@code map}, keeping its iteration order; a map that is already packed is returned as is. */
    static Map<String, List<String>> of(Map<String, List<String>> map) {
        if (map instanceof PackedMultiMap already) {
            return already;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        Writer writer = new Writer();
        map.forEach((name, values) -> {
            for (String value : values) {
                writer.add(name);
                writer.add(value);
            }
        });
        return new PackedMultiMap(writer.bytes());
    }

    @Override
    public List<String> get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        List<String> values = null;
        int at = 0;
        while (at < packed.length) {
            int nameLength = readLength(at);
            at += lengthBytes(nameLength);
            boolean match = nameLength == wanted.length && regionEquals(at, wanted);
            at += nameLength;
            int valueLength = readLength(at);
            at += lengthBytes(valueLength);
            if (match) {
                if (values == null) {
                    values = new ArrayList<>(1);
                }
                values.add(new String(packed, at, valueLength, StandardCharsets.UTF_8));
            }
            at += valueLength;
        }
        return values == null ? null : Collections.unmodifiableList(values);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        Map<String, List<String>> unpacked = new LinkedHashMap<>();
        int at = 0;
        while (at < packed.length) {
            int nameLength = readLength(at);
            at += lengthBytes(nameLength);
            String name = new String(packed, at, nameLength, StandardCharsets.UTF_8);
            at += nameLength;
            int valueLength = readLength(at);
            at += lengthBytes(valueLength);
            unpacked.computeIfAbsent(name, n -> new ArrayList<>(1))
                    .add(new String(packed, at, valueLength, StandardCharsets.UTF_8));
            at += valueLength;
        }
        unpacked.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(unpacked).entrySet();
    }

    private boolean regionEquals(int at, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (packed[at + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    /** A length: one byte below 128, else a varint of 7-bit groups, low first. */
    private int readLength(int at) {
        int length = 0;
        int shift = 0;
        byte b;
        do {
            b = packed[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return length;
    }

    private static int lengthBytes(int length) {
        int bytes = 1;
        while (length >= 0x80) {
            length >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private static final class Writer {
        private byte[] buffer = new byte[256];
        private int size;

        void add(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ensure(bytes.length + 5);
            int length = bytes.length;
            while (length >= 0x80) {
                buffer[size++] = (byte) ((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            buffer[size++] = (byte) length;
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buffer, size);
        }
    }
}
