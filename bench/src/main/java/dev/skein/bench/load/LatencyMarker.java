package dev.skein.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * The send time a message carries in its payload: {@code ~T<System.nanoTime()>~}, found in a received
 * frame by a byte scan, never by parsing JSON. Node's {@code process.hrtime.bigint()} and Java's
 * {@code System.nanoTime()} both read {@code CLOCK_MONOTONIC} on Linux, so a Node emitter can stamp it too.
 */
public final class LatencyMarker {
    /** Returned when a frame carries no marker. */
    public static final long NONE = -1;

    private static final ByteProcessor FIND_TILDE = value -> value != '~';

    private LatencyMarker() {}

    /** The marker for now, padded with {@code x} up to {@code minLength} characters. */
    public static String now(int minLength) {
        return at(System.nanoTime(), minLength);
    }

    /** The marker of {@code nanoTime}, padded with {@code x} up to {@code minLength} characters. */
    public static String at(long nanoTime, int minLength) {
        StringBuilder text = new StringBuilder(Math.max(minLength, 24));
        text.append("~T").append(nanoTime).append('~');
        while (text.length() < minLength) {
            text.append('x');
        }
        return text.toString();
    }

    /** The send time in {@code frame}'s readable bytes, or {@link #NONE}; the reader index is not moved. */
    public static long find(ByteBuf frame) {
        int from = frame.readerIndex();
        int end = frame.writerIndex();
        while (from < end) {
            int tilde = frame.forEachByte(from, end - from, FIND_TILDE);
            if (tilde < 0 || tilde + 2 >= end) {
                return NONE;
            }
            if (frame.getByte(tilde + 1) == 'T') {
                long value = digits(frame, tilde + 2, end);
                if (value != NONE) {
                    return value;
                }
            }
            from = tilde + 1;
        }
        return NONE;
    }

    private static long digits(ByteBuf frame, int from, int end) {
        long value = 0;
        int i = from;
        for (; i < end; i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return i > from && i < end && frame.getByte(i) == '~' ? value : NONE;
    }
}
