package dev.skein.adapter;

import dev.skein.protocol.EncodedPacket;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One broadcast's deliveries, grouped by the event loop that owns each target connection: each loop then
 * gets one task that writes the shared packet to each of its connections and flushes each once, instead of
 * a task, a wake-up and a flush per connection. An adapter opens one around its delivery loop ({@link
 * #deliver}); connections that can be batched join it from their {@code send}. Not thread-safe: a fan-out
 * belongs to the thread that opened it.
 */
public final class Fanout {
    /** A connection that can take part in a fan-out. */
    public interface Member {
        /** The event loop that owns the connection now. */
        Executor owner();

        /** Whether the calling thread is that event loop. */
        boolean onOwner();

        /** Queues or writes the packet without flushing; on the owner. */
        void offerInFanout(EncodedPacket packet, BroadcastFlags flags);

        /** Flushes what {@link #offerInFanout} wrote; on the owner. */
        void flushFanout();
    }

    private static final ThreadLocal<Fanout> CURRENT = new ThreadLocal<>();

    private final EncodedPacket packet;
    private final BroadcastFlags flags;
    /** Whether the share of the calling thread's own event loop may be written at once, before others' tasks. */
    private final boolean inlineAllowed;
    /** Created by the first member: a broadcast none of whose connections can batch costs no map. */
    private Map<Executor, List<Member>> byOwner;

    private Member inline;
    private Executor lastOwner;
    private List<Member> lastShare;

    private Fanout(EncodedPacket packet, BroadcastFlags flags, boolean inlineAllowed) {
        this.packet = packet;
        this.flags = flags;
        this.inlineAllowed = inlineAllowed;
    }

    /**
     * Runs {@code sends} (which send {@code packet} with {@code flags} to each target) as one fan-out, then
     * hands each event loop its share.
     */
    public static void deliver(EncodedPacket packet, BroadcastFlags flags, Runnable sends) {
        deliver(packet, flags, sends, true);
    }

    /**
     * Like {@link #deliver}, but every share is a task of its event loop, the calling thread's own loop
     * included: each connection then gets the packets of such fan-outs in the order they were made, behind
     * whatever its loop was already given (connection state recovery's offsets rely on it).
     */
    public static void deliverInOrder(EncodedPacket packet, BroadcastFlags flags, Runnable sends) {
        deliver(packet, flags, sends, false);
    }

    private static void deliver(EncodedPacket packet, BroadcastFlags flags, Runnable sends, boolean inlineAllowed) {
        Fanout outer = CURRENT.get();
        Fanout fanout = new Fanout(packet, flags, inlineAllowed);
        CURRENT.set(fanout);
        try {
            sends.run();
        } finally {
            CURRENT.set(outer);
        }
        fanout.dispatch();
    }

    /**
     * Adds {@code member} when a fan-out of this very packet is open on this thread; false otherwise (the
     * caller then sends on its own).
     */
    public static boolean join(Member member, EncodedPacket packet, BroadcastFlags flags) {
        Fanout fanout = CURRENT.get();
        if (fanout == null || fanout.packet != packet || !fanout.flags.equals(flags)) {
            return false;
        }
        Executor owner = member.owner();
        if (fanout.byOwner == null) {
            fanout.byOwner = new IdentityHashMap<>(4);
        }
        if (owner != fanout.lastOwner) {
            // members mostly come in runs of one owner: one map look-up per run, not per member
            fanout.lastOwner = owner;
            fanout.lastShare = fanout.byOwner.computeIfAbsent(owner, k -> new ArrayList<>());
        }
        fanout.lastShare.add(member);
        if (fanout.inline == null && fanout.inlineAllowed && member.onOwner()) {
            fanout.inline = member;
        }
        return true;
    }

    private void dispatch() {
        if (byOwner == null) {
            return;
        }
        for (Map.Entry<Executor, List<Member>> share : byOwner.entrySet()) {
            List<Member> members = share.getValue();
            Runnable task = () -> write(members);
            if (inline != null && share.getKey() == inline.owner()) {
                task.run();
            } else {
                share.getKey().execute(task);
            }
        }
    }

    private void write(List<Member> members) {
        for (int i = 0; i < members.size(); i++) {
            members.get(i).offerInFanout(packet, flags);
        }
        for (int i = 0; i < members.size(); i++) {
            members.get(i).flushFanout();
        }
    }
}
