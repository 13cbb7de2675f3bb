package dev.skein.bench.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Sends messages from a set of clients at a fixed total rate, open-loop (a late tick catches up, so a slow
 * server cannot slow the offered load down), each client in turn. The clients of one event loop are
 * driven by one timer on that loop, so no write crosses threads; each client is flushed once per tick.
 */
public final class PacedSender implements AutoCloseable {
    private static final long TICK_MICROS = 1_000;

    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder stampedInWindow = new LongAdder();
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;

    private PacedSender(List<Session> senders, double totalPerSecond, Function<Session, Message> messages) {
        Map<EventLoop, List<Session>> byLoop = new LinkedHashMap<>();
        for (Session session : senders) {
            byLoop.computeIfAbsent(session.eventLoop(), k -> new ArrayList<>()).add(session);
        }
        for (Map.Entry<EventLoop, List<Session>> group : byLoop.entrySet()) {
            double share = totalPerSecond * group.getValue().size() / senders.size();
            Ticker ticker = new Ticker(group.getValue(), share, messages);
            ticks.add(group.getKey().scheduleAtFixedRate(ticker, 0, TICK_MICROS, TimeUnit.MICROSECONDS));
        }
    }

    /**
     * Starts sending {@code totalPerSecond} messages per second, spread over {@code senders}, each
     * message made by {@code messages} for its sender.
     */
    public static PacedSender start(List<Session> senders, double totalPerSecond, Function<Session, Message> messages) {
        if (senders.isEmpty() || totalPerSecond <= 0) {
            throw new IllegalArgumentException(
                    "need senders and a positive rate, got " + senders.size() + " and " + totalPerSecond);
        }
        return new PacedSender(senders, totalPerSecond, messages);
    }

    /** Messages written so far. */
    public long sent() {
        return sent.sum();
    }

    /**
     * Counts, from now on, the messages stamped from {@code startNanos} (a {@code System.nanoTime()}) until
     * {@link #closeWindow}: the same stamps a {@link Crowd}'s window counts on arrival, so both sides of a
     * step count exactly the same messages.
     */
    public void openWindow(long startNanos) {
        // the start moves first: until the end is cleared the window is empty, never the old one widened
        windowStartNanos = startNanos;
        stampedInWindow.reset();
        windowEndNanos = Long.MAX_VALUE;
    }

    /** Ends the window at {@code endNanos}. */
    public void closeWindow(long endNanos) {
        windowEndNanos = endNanos;
    }

    /** Messages written with a stamp inside the window. */
    public long sentInWindow() {
        return stampedInWindow.sum();
    }

    /** Stops sending (messages already written still go out). */
    @Override
    public void close() {
        ticks.forEach(t -> t.cancel(false));
    }

    private final class Ticker implements Runnable {
        private final List<Session> sessions;
        private final double perNano;
        private final Function<Session, Message> messages;
        private final boolean[] dirty;
        private final int[] toFlush;
        private long startNanos = -1;
        private long written;
        private int cursor;

        Ticker(List<Session> sessions, double perSecond, Function<Session, Message> messages) {
            this.sessions = sessions;
            this.perNano = perSecond / 1e9;
            this.messages = messages;
            this.dirty = new boolean[sessions.size()];
            this.toFlush = new int[sessions.size()];
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (startNanos < 0) {
                startNanos = now;
            }
            long due = (long) ((now - startNanos) * perNano) - written;
            int flushes = 0;
            int writes = 0;
            for (long i = 0; i < due; i++) {
                int index = cursor;
                cursor = (cursor + 1) % sessions.size();
                Session session = sessions.get(index);
                if (session.isConnected()) {
                    long stamp = messages.apply(session).writeTo(session);
                    writes++;
                    if (stamp >= windowStartNanos && stamp < windowEndNanos) {
                        stampedInWindow.increment();
                    }
                    if (!dirty[index]) {
                        dirty[index] = true;
                        toFlush[flushes++] = index;
                    }
                }
            }
            written += Math.max(0, due);
            sent.add(writes);
            for (int i = 0; i < flushes; i++) {
                dirty[toFlush[i]] = false;
                sessions.get(toFlush[i]).flush();
            }
        }
    }
}
