package dev.skein.bench.load;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many simulated clients with one role: each connects, joins its room when it has one (the demo's
 * {@code join} with an acknowledgement) and then counts the benchmark messages it receives ({@link
 * LatencyMarker}-stamped events) and their latency. Other events (greetings, join answers) are not counted.
 */
public final class Crowd implements SessionListener, AutoCloseable {
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LoadGenerator generator;
    private final List<Session> sessions = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder stampedInWindow = new LongAdder();
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger closedBeforeReady = new AtomicInteger();
    private final Map<String, AtomicInteger> closeReasons = new ConcurrentHashMap<>();
    private Semaphore inFlight = new Semaphore(Integer.MAX_VALUE);

    public Crowd(LoadGenerator generator) {
        this.generator = generator;
    }

    /** One client's state, used on its event loop: the room it joins (or null) and whether it is ready. */
    private static final class Member {
        final String room;
        int joinAckId = -1;
        boolean settled;

        Member(String room) {
            this.room = room;
        }
    }

    /**
     * Connects {@code count} clients, client {@code i} to {@code endpoints.apply(i)} joining {@code
     * rooms.apply(i)} (null: no room; ready at the first event), at most {@code maxInFlight} handshakes
     * at a time; returns once all are ready or {@code timeout} passed (see {@link #ready()}).
     */
    public void connect(
            int count,
            IntFunction<Endpoint> endpoints,
            IntFunction<String> rooms,
            Transport transport,
            int maxInFlight,
            Duration timeout) {
        inFlight = new Semaphore(maxInFlight);
        long deadline = System.nanoTime() + timeout.toNanos();
        int target = ready.get() + closedBeforeReady.get() + count;
        for (int i = 0; i < count; i++) {
            if (!acquire(deadline)) {
                break;
            }
            Session session = generator.connect(endpoints.apply(i), transport, this, new Member(rooms.apply(i)));
            synchronized (sessions) {
                sessions.add(session);
            }
        }
        while (ready.get() + closedBeforeReady.get() < target && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    /** The room {@code session} (one of this crowd's) joins, or null. */
    public static String roomOf(Session session) {
        return ((Member) session.attachment).room;
    }

    /** Clients that are connected and in their room. */
    public int ready() {
        return ready.get();
    }

    /** Clients whose session ended. */
    public int closed() {
        return closed.get();
    }

    /** Why sessions ended, with counts. */
    public Map<String, Integer> closeReasons() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        closeReasons.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Benchmark messages received so far. */
    public long received() {
        return received.sum();
    }

    /**
     * Opens a measuring window now: from here on, the messages <em>sent</em> (stamped) from now until {@link
     * #closeWindow} are counted and their latencies recorded, whenever they arrive; so a slow server shows
     * as latency, and a message it never delivers as a shortfall, not as a shorter window.
     */
    public void openWindow() {
        openWindow(System.nanoTime());
    }

    /** Opens the window at {@code startNanos}, a {@code System.nanoTime()} of the recent past or now. */
    public void openWindow(long startNanos) {
        latency.reset();
        // the start moves first: until the end is cleared the window is empty, never the old one widened
        windowStartNanos = startNanos;
        stampedInWindow.reset();
        windowEndNanos = Long.MAX_VALUE;
    }

    /** Ends the window's sending side now (messages sent before keep counting when they arrive). */
    public void closeWindow() {
        closeWindow(System.nanoTime());
    }

    /** Ends the window's sending side at {@code endNanos}. */
    public void closeWindow(long endNanos) {
        windowEndNanos = endNanos;
    }

    /** Messages sent within the window that arrived so far. */
    public long receivedFromWindow() {
        return stampedInWindow.sum();
    }

    /** The latencies (microseconds) of the window's messages that arrived so far (read once). */
    public Histogram windowLatency() {
        return latency.getIntervalHistogram();
    }

    public List<Session> sessions() {
        synchronized (sessions) {
            return List.copyOf(sessions);
        }
    }

    @Override
    public void onConnected(Session session) {
        Member member = (Member) session.attachment;
        if (member.room != null) {
            member.joinAckId = session.emitWithAck("join", "{\"room\":\"" + member.room + "\"}");
        }
    }

    @Override
    public void onEvent(Session session, ByteBuf packet, long sentNanos) {
        if (sentNanos != LatencyMarker.NONE) {
            received.increment();
            if (sentNanos >= windowStartNanos && sentNanos < windowEndNanos) {
                stampedInWindow.increment();
                long micros = (System.nanoTime() - sentNanos) / 1000;
                latency.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
            }
            return;
        }
        Member member = (Member) session.attachment;
        if (member.room == null) {
            markReady(member);
        }
    }

    @Override
    public void onAck(Session session, int ackId, ByteBuf packet) {
        Member member = (Member) session.attachment;
        if (member.room != null && ackId == member.joinAckId) {
            markReady(member);
        }
    }

    @Override
    public void onClosed(Session session, String reason) {
        closed.incrementAndGet();
        closeReasons.computeIfAbsent(shorten(reason), k -> new AtomicInteger()).incrementAndGet();
        Member member = (Member) session.attachment;
        if (!member.settled) {
            member.settled = true;
            closedBeforeReady.incrementAndGet();
            inFlight.release();
        }
    }

    private void markReady(Member member) {
        if (!member.settled) {
            member.settled = true;
            ready.incrementAndGet();
            inFlight.release();
        }
    }

    private boolean acquire(long deadlineNanos) {
        try {
            return inFlight.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String shorten(String reason) {
        String text = reason == null ? "unknown" : reason;
        return text.length() > 120 ? text.substring(0, 120) : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes every client. */
    @Override
    public void close() {
        for (Session session : sessions()) {
            session.close();
        }
    }
}
