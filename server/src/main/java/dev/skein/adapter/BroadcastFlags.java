package dev.skein.adapter;

/**
 * How a packet travels.
 *
 * @param volatile_ may be dropped for a client that cannot take it right now
 * @param compress may be compressed on the wire
 */
public record BroadcastFlags(boolean volatile_, boolean compress) {
    public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, true);
}
