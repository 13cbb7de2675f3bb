package dev.skein.wire;

/**
 * The Redis channel names of the official adapter for one key prefix (default {@code socket.io}):
 * broadcasts on {@code <prefix>#<nsp>#} or, for exactly one room, {@code <prefix>#<nsp>#<room>#};
 * requests on {@code <prefix>-request#<nsp>#}; responses on {@code <prefix>-response#<nsp>#} and on
 * the requester's own {@code <prefix>-response#<nsp>#<uid>#}. Immutable.
 */
public record ClusterChannels(String prefix) {
    public static final String DEFAULT_PREFIX = "socket.io";

    public ClusterChannels {
        if (prefix == null || prefix.isEmpty() || prefix.contains("#")) {
            throw new IllegalArgumentException("prefix : " + prefix + " (expected: a non-empty name without #)");
        }
    }

    public static ClusterChannels defaults() {
        return new ClusterChannels(DEFAULT_PREFIX);
    }

    /** Where broadcasts to a whole namespace, or to several rooms, go. */
    public String broadcast(String nsp) {
        return prefix + "#" + nsp + "#";
    }

    /** Where a broadcast to exactly one room goes. */
    public String room(String nsp, String room) {
        return broadcast(nsp) + room + "#";
    }

    /** The pattern that matches every broadcast channel of {@code nsp}. */
    public String broadcastPattern(String nsp) {
        return broadcast(nsp) + "*";
    }

    public String request(String nsp) {
        return prefix + "-request#" + nsp + "#";
    }

    public String response(String nsp) {
        return prefix + "-response#" + nsp + "#";
    }

    /** The response channel of one requester (the adapter's {@code publishOnSpecificResponseChannel}). */
    public String response(String nsp, String uid) {
        return response(nsp) + uid + "#";
    }

    /**
     * The room a broadcast channel of {@code nsp} names, {@code ""} for the namespace channel, or
     * {@code null} when the channel is not one of {@code nsp}'s.
     */
    public String roomOf(String channel, String nsp) {
        String base = broadcast(nsp);
        if (!channel.startsWith(base)) {
            return null;
        }
        String rest = channel.substring(base.length());
        if (rest.isEmpty()) {
            return "";
        }
        return rest.endsWith("#") ? rest.substring(0, rest.length() - 1) : null;
    }
}
