package dev.skein.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * The timers of every connection of one event loop (heartbeats, connect and upgrade timeouts) on one
 * hashed wheel driven by one periodic task of that loop: arming, re-arming and cancelling are O(1), touch
 * no other thread and allocate nothing, however many connections the loop has. Precision is one tick.
 * Used from its event loop only.
 */
final class LoopTimer {
    /** A deadline a connection keeps and re-arms; fires {@link #expired()} on the event loop. */
    abstract static class Entry {
        private long deadlineNanos;
        private Entry prev;
        private Entry next;
        private int slot = -1;
        private int generation;
        private int firingGeneration;

        /** The deadline passed. */
        abstract void expired();

        boolean isArmed() {
            return slot >= 0;
        }
    }

    private final EventLoop loop;
    private final Ticker ticker;
    private final long tickNanos;
    private final Entry[] slots;
    private final int mask;
    private final java.util.ArrayList<Entry> firing = new java.util.ArrayList<>();
    private long nextTickNanos;
    private int cursor;
    private ScheduledFuture<?> ticking;

    /**
     * @param tickMillis the precision, in milliseconds
     * @param slotCount a power of two; deadlines beyond {@code slotCount * tick} take more turns
     */
    LoopTimer(EventLoop loop, long tickMillis, int slotCount) {
        if (Integer.bitCount(slotCount) != 1) {
            throw new IllegalArgumentException("slotCount : " + slotCount + " (expected: a power of two)");
        }
        this.loop = loop;
        // the loop's own clock: the system's, or the one a test moves forward (EmbeddedChannel.advanceTimeBy)
        this.ticker =
                loop instanceof AbstractScheduledEventExecutor scheduled ? scheduled.ticker() : Ticker.systemTicker();
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.slots = new Entry[slotCount];
        this.mask = slotCount - 1;
    }

    EventLoop loop() {
        return loop;
    }

    /** Now, on the clock the wheel runs on. */
    long nanoTime() {
        return ticker.nanoTime();
    }

    /** Arms {@code entry} to expire {@code delayNanos} from now, replacing any deadline it had. */
    void arm(Entry entry, long delayNanos) {
        cancel(entry);
        startTicking();
        long now = ticker.nanoTime();
        entry.deadlineNanos = now + delayNanos;
        long ticksAhead = Math.max(1, (entry.deadlineNanos - nextTickNanos) / tickNanos + 1);
        int slot = (int) ((cursor + Math.min(ticksAhead, slots.length - 1)) & mask);
        link(entry, slot);
    }

    /** Disarms {@code entry}; harmless when it is not armed. */
    void cancel(Entry entry) {
        entry.generation++;
        if (entry.slot < 0) {
            return;
        }
        if (entry.prev != null) {
            entry.prev.next = entry.next;
        } else {
            slots[entry.slot] = entry.next;
        }
        if (entry.next != null) {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        entry.slot = -1;
    }

    /** Stops the wheel's task; armed entries never fire. */
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    private void startTicking() {
        if (ticking == null) {
            nextTickNanos = ticker.nanoTime() + tickNanos;
            ticking = loop.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        long now = ticker.nanoTime();
        while (nextTickNanos <= now) {
            cursor = (cursor + 1) & mask;
            nextTickNanos += tickNanos;
            expire(cursor, now);
        }
    }

    private void expire(int slot, long now) {
        Entry entry = slots[slot];
        while (entry != null) {
            Entry next = entry.next;
            long remaining = entry.deadlineNanos - now;
            if (remaining <= tickNanos / 2) {
                cancel(entry);
                entry.firingGeneration = entry.generation;
                firing.add(entry);
            } else if (remaining < tickNanos * (long) slots.length) {
                long ticksAhead = Math.max(1, (entry.deadlineNanos - nextTickNanos) / tickNanos + 1);
                int target = (int) ((cursor + ticksAhead) & mask);
                if (target != slot) {
                    cancel(entry);
                    link(entry, target);
                }
            }
            // else more than a turn away: it stays for the next turn
            entry = next;
        }
        // fired after the walk, so that a callback may arm or cancel any entry; one re-armed or cancelled by an
        // earlier callback of this tick does not fire
        for (int i = 0; i < firing.size(); i++) {
            Entry due = firing.get(i);
            if (due.generation == due.firingGeneration) {
                due.expired();
            }
        }
        firing.clear();
    }

    private void link(Entry entry, int slot) {
        entry.slot = slot;
        entry.prev = null;
        entry.next = slots[slot];
        if (entry.next != null) {
            entry.next.prev = entry;
        }
        slots[slot] = entry;
    }
}
