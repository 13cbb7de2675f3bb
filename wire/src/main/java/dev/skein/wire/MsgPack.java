package dev.skein.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MessagePack as the official Redis adapter writes it (notepack.io 3): integer-valued numbers in the
 * smallest int format, every other number as float64, strings as fixstr/str8/16/32, {@code byte[]} as
 * bin, maps in insertion order ({@code null} values kept: notepack omits only {@code undefined}, which
 * Java has not). Decoding accepts any valid MessagePack: float32, ext (as raw bytes),
 * every int width. Stateless and thread-safe.
 *
 * <p>Java values: {@code Map<String, Object>} (insertion order), {@code List}, {@code String}, {@code
 * Integer}/{@code Long}/{@code Double} (decoded ints fit the narrowest of the two), {@code Boolean},
 * {@code byte[]}, {@code null}.
 */
public final class MsgPack {
    private static final int MAX_DEPTH = 64;

    private MsgPack() {}

    /**
     * Encodes {@code value}.
     *
     * @throws IllegalArgumentException for a value of another type
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value, 0);
        return out.toByteArray();
    }

    /**
     * Decodes one value that spans all of {@code bytes}.
     *
     * @throws MalformedMessageException if the bytes are not exactly one MessagePack value
     */
    public static Object decode(byte[] bytes) throws MalformedMessageException {
        Reader reader = new Reader(ByteBuffer.wrap(bytes));
        try {
            Object value = reader.read(0);
            if (reader.buffer.hasRemaining()) {
                throw new MalformedMessageException("trailing bytes after a MessagePack value");
            }
            return value;
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedMessageException("truncated MessagePack value");
        }
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.write(0xc0);
        } else if (value instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (value instanceof Number n) {
            writeNumber(out, n);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof byte[] bytes) {
            writeHeader(out, bytes.length, -1, 0xc4, 0xc5, 0xc6);
            out.writeBytes(bytes);
        } else if (value instanceof List<?> list) {
            writeHeader(out, list.size(), 0x90, -1, 0xdc, 0xdd);
            for (Object item : list) {
                write(out, item, depth + 1);
            }
        } else if (value instanceof Object[] array) {
            write(out, Arrays.asList(array), depth);
        } else if (value instanceof Map<?, ?> map) {
            writeHeader(out, map.size(), 0x80, -1, 0xde, 0xdf);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writeString(out, String.valueOf(entry.getKey()));
                write(out, entry.getValue(), depth + 1);
            }
        } else {
            throw new IllegalArgumentException(
                    "cannot encode a " + value.getClass().getName() + " as MessagePack");
        }
    }

    private static void writeNumber(ByteArrayOutputStream out, Number n) {
        double d = n.doubleValue();
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
        if (integral) {
            writeLong(out, n.longValue());
        } else if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            writeLong(out, (long) d);
        } else {
            out.write(0xcb);
            writeBig(out, Double.doubleToLongBits(d), 8);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        if (v >= 0) {
            if (v < 0x80) {
                out.write((int) v);
            } else if (v < 0x100) {
                out.write(0xcc);
                writeBig(out, v, 1);
            } else if (v < 0x10000) {
                out.write(0xcd);
                writeBig(out, v, 2);
            } else if (v < 0x1_0000_0000L) {
                out.write(0xce);
                writeBig(out, v, 4);
            } else {
                out.write(0xcf);
                writeBig(out, v, 8);
            }
        } else if (v >= -32) {
            out.write((int) (v & 0xff));
        } else if (v >= -128) {
            out.write(0xd0);
            writeBig(out, v, 1);
        } else if (v >= -32768) {
            out.write(0xd1);
            writeBig(out, v, 2);
        } else if (v >= Integer.MIN_VALUE) {
            out.write(0xd2);
            writeBig(out, v, 4);
        } else {
            out.write(0xd3);
            writeBig(out, v, 8);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeHeader(out, utf8.length, 0xa0, 0xd9, 0xda, 0xdb);
        out.writeBytes(utf8);
    }

    /** A length header: fix (under 32 for strings, 16 otherwise), 8-bit, 16-bit or 32-bit. */
    private static void writeHeader(ByteArrayOutputStream out, int length, int fix, int fmt8, int fmt16, int fmt32) {
        int fixLimit = fix == 0xa0 ? 32 : 16;
        if (fix >= 0 && length < fixLimit) {
            out.write(fix | length);
        } else if (fmt8 >= 0 && length < 0x100) {
            out.write(fmt8);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(fmt16);
            writeBig(out, length, 2);
        } else {
            out.write(fmt32);
            writeBig(out, length, 4);
        }
    }

    private static void writeBig(ByteArrayOutputStream out, long v, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xff);
        }
    }

    /** Reads values off a buffer. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        Object read(int depth) throws MalformedMessageException {
            if (depth > MAX_DEPTH) {
                throw new MalformedMessageException("MessagePack nested deeper than " + MAX_DEPTH);
            }
            int b = buffer.get() & 0xff;
            if (b <= 0x7f) {
                return b;
            }
            if (b >= 0xe0) {
                return (int) (byte) b;
            }
            if ((b & 0xe0) == 0xa0) {
                return string(b & 0x1f);
            }
            if ((b & 0xf0) == 0x90) {
                return list(b & 0x0f, depth);
            }
            if ((b & 0xf0) == 0x80) {
                return map(b & 0x0f, depth);
            }
            return readFormat(b, depth);
        }

        private Object readFormat(int b, int depth) throws MalformedMessageException {
            return switch (b) {
                case 0xc0 -> null;
                case 0xc2 -> Boolean.FALSE;
                case 0xc3 -> Boolean.TRUE;
                case 0xc4, 0xc5, 0xc6 -> bytes(length(b - 0xc4));
                case 0xc7, 0xc8, 0xc9 -> ext(length(b - 0xc7));
                case 0xca -> (double) buffer.getFloat();
                case 0xcb -> buffer.getDouble();
                case 0xcc -> buffer.get() & 0xff;
                case 0xcd -> buffer.getShort() & 0xffff;
                case 0xce -> narrow(buffer.getInt() & 0xffff_ffffL);
                case 0xcf -> unsigned64(buffer.getLong());
                case 0xd0 -> (int) buffer.get();
                case 0xd1 -> (int) buffer.getShort();
                case 0xd2 -> buffer.getInt();
                case 0xd3 -> narrow(buffer.getLong());
                case 0xd4 -> ext(1);
                case 0xd5 -> ext(2);
                case 0xd6 -> ext(4);
                case 0xd7 -> ext(8);
                case 0xd8 -> ext(16);
                case 0xd9, 0xda, 0xdb -> string(length(b - 0xd9));
                case 0xdc, 0xdd -> list(length(b - 0xdc + 1), depth);
                case 0xde, 0xdf -> map(length(b - 0xde + 1), depth);
                default -> throw new MalformedMessageException(String.format("unknown MessagePack byte 0x%02x", b));
            };
        }

        /** A length of 1, 2 or 4 bytes ({@code width} 0, 1, 2). */
        private int length(int width) throws MalformedMessageException {
            long length =
                    switch (width) {
                        case 0 -> buffer.get() & 0xff;
                        case 1 -> buffer.getShort() & 0xffff;
                        default -> buffer.getInt() & 0xffff_ffffL;
                    };
            if (length > buffer.remaining()) {
                throw new MalformedMessageException("MessagePack length " + length + " beyond the message");
            }
            return (int) length;
        }

        private String string(int length) throws MalformedMessageException {
            return new String(bytes(length), StandardCharsets.UTF_8);
        }

        private byte[] bytes(int length) throws MalformedMessageException {
            if (length > buffer.remaining()) {
                throw new MalformedMessageException("MessagePack length " + length + " beyond the message");
            }
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return bytes;
        }

        /** An extension value: its type byte is dropped, its data kept as bytes. */
        private byte[] ext(int length) throws MalformedMessageException {
            buffer.get();
            return bytes(length);
        }

        private List<Object> list(int size, int depth) throws MalformedMessageException {
            List<Object> list = new ArrayList<>(Math.min(size, buffer.remaining()));
            for (int i = 0; i < size; i++) {
                list.add(read(depth + 1));
            }
            return list;
        }

        private Map<String, Object> map(int size, int depth) throws MalformedMessageException {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                Object key = read(depth + 1);
                map.put(String.valueOf(key), read(depth + 1));
            }
            return map;
        }

        private static Object narrow(long v) {
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        private static Object unsigned64(long v) {
            return v >= 0 ? narrow(v) : (Object) Long.toUnsignedString(v);
        }
    }
}
