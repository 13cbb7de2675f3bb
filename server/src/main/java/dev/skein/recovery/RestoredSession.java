package dev.skein.recovery;

import dev.skein.protocol.EncodedPacket;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session found and claimed for a reconnecting client: the socket's id, private id, rooms and data, and
 * the packets it missed so far (more may come before it is admitted: {@link
 * NamespaceRecovery#admitRestored} adds them). Claimed means no other CONNECT can restore it again.
 */
public final class RestoredSession {
    private final String sid;
    private final String pid;
    private final Set<String> rooms;
    private final Map<String, Object> data;
    final String since;
    final long generation;
    /** The missed packets found so far, in offset order, each with its offset; grows while it catches up. */
    final List<Missed> missed;
    /** The offset up to which {@link #missed} is complete; moves while it catches up. */
    String complete;
    /** The local socket that held the session while connected (a reconnect overtook its close), or null. */
    final RecoverableSocket previous;

    /** One missed packet and its offset. */
    record Missed(String offset, EncodedPacket packet) {}

    RestoredSession(
            String sid,
            String pid,
            Set<String> rooms,
            Map<String, Object> data,
            String since,
            long generation,
            List<Missed> missed,
            String complete,
            RecoverableSocket previous) {
        this.sid = sid;
        this.pid = pid;
        this.rooms = Set.copyOf(rooms);
        this.data = data;
        this.since = since;
        this.generation = generation;
        this.missed = new java.util.ArrayList<>(missed);
        this.complete = complete;
        this.previous = previous;
    }

    /** The socket id, the same as before. */
    public String sid() {
        return sid;
    }

    /** The private session id, the same as before. */
    public String pid() {
        return pid;
    }

    /** The rooms the socket was in, its own included. */
    public Set<String> rooms() {
        return rooms;
    }

    /** The socket's data as it was (on a cluster node: as JSON values). */
    public Map<String, Object> data() {
        return data;
    }
}
