package dev.skein.recovery;

import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.EncodedPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The recoverable packets of one namespace on a node alone, each with its offset (1, 2, 3, ...: every offset
 * is recorded), bounded by count, by bytes and by age. Not thread-safe: its owner's lock guards it.
 */
final class PacketHistory {
    /** One recorded packet: its offset, when, whom it selected, and its bytes (offset included). */
    record Entry(long offset, long atMillis, Set<String> rooms, Set<String> except, EncodedPacket packet, int size) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int maxPackets;
    private final long maxBytes;
    private long last;
    private long bytes;

    PacketHistory(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** The offset of the last packet recorded, 0 before the first. */
    long last() {
        return last;
    }

    /** Records the packet of offset {@code last() + 1}, then drops the oldest ones beyond the bounds. */
    void add(long atMillis, BroadcastOptions options, EncodedPacket packet) {
        int size = packet.wireSize();
        entries.addLast(new Entry(last + 1, atMillis, options.rooms(), options.except(), packet, size));
        last++;
        bytes += size;
        while (entries.size() > maxPackets || (bytes > maxBytes && entries.size() > 1)) {
            drop();
        }
    }

    /** Drops the packets recorded before {@code oldestMillis}. */
    void expire(long oldestMillis) {
        while (!entries.isEmpty() && entries.peekFirst().atMillis() < oldestMillis) {
            drop();
        }
    }

    /** Whether every packet after {@code offset} is still recorded (and {@code offset} is not in the future). */
    boolean covers(long offset) {
        long first = entries.isEmpty() ? last + 1 : entries.peekFirst().offset();
        return offset >= first - 1 && offset <= last;
    }

    /** The packets after {@code offset} that select a socket in {@code socketRooms}, in offset order. */
    List<Entry> after(long offset, Set<String> socketRooms) {
        List<Entry> found = new ArrayList<>();
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.offset() <= offset) {
                break;
            }
            if (RoomFilter.selects(entry.rooms(), entry.except(), socketRooms)) {
                found.add(entry);
            }
        }
        java.util.Collections.reverse(found);
        return found;
    }

    int size() {
        return entries.size();
    }

    private void drop() {
        bytes -= entries.removeFirst().size();
    }
}
