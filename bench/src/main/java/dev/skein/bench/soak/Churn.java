package dev.skein.bench.soak;

import dev.skein.bench.load.Endpoint;
import dev.skein.bench.load.LatencyMarker;
import dev.skein.bench.load.LoadGenerator;
import dev.skein.bench.load.Message;
import dev.skein.bench.load.Session;
import dev.skein.bench.load.SessionListener;
import dev.skein.bench.load.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak's clients. <b>Stable</b> ones connect once (websocket and long-polling alternately, spread over
 * the nodes), join a room of six and send {@code my_room_event} to it at a steady rate for the whole run.
 * <b>Churners</b> start at a steady rate, each on a random node and transport: connect, join a shared room
 * and a room of their own, emit a few room events and a {@code my_event}, stay 1-5 s, leave their own room,
 * then go away, half of them with a Socket.IO disconnect ({@code 41}) and half by dropping the connection.
 * Stamped room events ({@link LatencyMarker}) are counted and their latency recorded. Thread-safe.
 */
final class Churn implements SessionListener, AutoCloseable {
    private static final int ROOM_SIZE = 6;
    private static final int DATA_BYTES = 48;
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final Duration TICK = Duration.ofMillis(100);

    private final LoadGenerator generator;
    private final List<Endpoint> endpoints;
    private final List<Session> stable = new ArrayList<>();
    private final Map<Session, Boolean> churners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-driver");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom(20_261_126L);
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicInteger stableReady = new AtomicInteger();
    private final AtomicInteger stableLost = new AtomicInteger();
    private final AtomicLong churnStarted = new AtomicLong();
    private final AtomicLong churnJoined = new AtomicLong();
    private final AtomicLong churnFailed = new AtomicLong();
    private final AtomicLong churnEnded = new AtomicLong();
    private final Map<String, AtomicInteger> unexpectedCloses = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private long nextStableSender;
    private double churnCredit;
    private double messageCredit;

    Churn(LoadGenerator generator, List<Endpoint> endpoints) {
        this.generator = generator;
        this.endpoints = List.copyOf(endpoints);
    }

    /** What a client is and where it stands; used on its session's event loop. */
    private static final class Member {
        final boolean stable;
        final String room;
        final String ownRoom;
        final long lifetimeMillis;
        final boolean graceful;
        final Message message;
        int joinAck = -1;
        boolean joined;
        boolean leaving;

        Member(boolean stable, String room, String ownRoom, long lifetimeMillis, boolean graceful) {
            this.stable = stable;
            this.room = room;
            this.ownRoom = ownRoom;
            this.lifetimeMillis = lifetimeMillis;
            this.graceful = graceful;
            this.message = Message.roomEvent(room, DATA_BYTES);
        }
    }

    /** Connects the stable clients (at most 100 handshakes at a time); returns once all joined, or fails. */
    void connectStable(int count, Duration timeout) {
        for (int i = 0; i < count; i++) {
            Transport transport = i % 2 == 0 ? Transport.WEBSOCKET : Transport.POLLING;
            Member member = new Member(true, "soak-" + (i / ROOM_SIZE), null, 0, true);
            stable.add(generator.connect(endpoints.get(i % endpoints.size()), transport, this, member));
            if (i % 100 == 99) {
                awaitStable(i + 1, timeout);
            }
        }
        awaitStable(count, timeout);
    }

    private void awaitStable(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stableReady.get() < count) {
            if (System.nanoTime() > deadline || stableLost.get() > 0) {
                throw new IllegalStateException(stableReady.get() + " of " + count + " stable clients joined, "
                        + stableLost.get() + " lost: " + unexpectedCloses());
            }
            pause(20);
        }
    }

    /** Starts the stable clients' messages ({@code every} per client) and the churn ({@code perSecond}). */
    void start(Duration every, int churnPerSecond) {
        double messagesPerTick = stable.size() * (double) TICK.toMillis() / every.toMillis();
        double churnPerTick = churnPerSecond * (double) TICK.toMillis() / 1000;
        driver.scheduleAtFixedRate(
                () -> tick(messagesPerTick, churnPerTick), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(double messagesPerTick, double churnPerTick) {
        messageCredit += messagesPerTick;
        for (; messageCredit >= 1; messageCredit--) {
            Session session = stable.get((int) (nextStableSender++ % stable.size()));
            send(session);
        }
        churnCredit += churnPerTick;
        for (; churnCredit >= 1; churnCredit--) {
            startChurner();
        }
    }

    private void startChurner() {
        long n = churnStarted.incrementAndGet();
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        Transport transport = random.nextBoolean() ? Transport.WEBSOCKET : Transport.POLLING;
        Member member = new Member(
                false,
                "soak-" + random.nextInt(Math.max(1, stable.size() / ROOM_SIZE)),
                "churn-" + n,
                1_000 + random.nextInt(4_000),
                random.nextBoolean());
        churners.put(generator.connect(endpoint, transport, this, member), Boolean.TRUE);
    }

    private void send(Session session) {
        session.eventLoop().execute(() -> {
            if (session.isConnected()) {
                ((Member) session.attachment).message.writeTo(session);
                session.flush();
                sent.increment();
            }
        });
    }

    @Override
    public void onConnected(Session session) {
        Member member = (Member) session.attachment;
        member.joinAck = session.emitWithAck("join", "{\"room\":\"" + member.room + "\"}");
        if (member.ownRoom != null) {
            session.emit("join", "{\"room\":\"" + member.ownRoom + "\"}");
        }
    }

    @Override
    public void onAck(Session session, int ackId, ByteBuf packet) {
        Member member = (Member) session.attachment;
        if (ackId != member.joinAck || member.joined) {
            return;
        }
        member.joined = true;
        if (member.stable) {
            stableReady.incrementAndGet();
            return;
        }
        churnJoined.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            member.message.writeTo(session);
            sent.increment();
        }
        session.write(Session.eventPacket("", "my_event", "{\"data\":\"churn\"}"));
        session.flush();
        session.eventLoop().schedule(() -> leave(session), member.lifetimeMillis, TimeUnit.MILLISECONDS);
    }

    /** Leaves its own room, then goes away a moment later: a Socket.IO disconnect first, or not. */
    private void leave(Session session) {
        Member member = (Member) session.attachment;
        if (session.isClosed()) {
            return;
        }
        member.leaving = true;
        session.emit("leave", "{\"room\":\"" + member.ownRoom + "\"}");
        session.eventLoop()
                .schedule(
                        () -> {
                            if (member.graceful && session.isConnected()) {
                                session.send("41");
                            }
                            session.eventLoop().schedule(session::close, 100, TimeUnit.MILLISECONDS);
                        },
                        100,
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void onEvent(Session session, ByteBuf packet, long sentNanos) {
        if (sentNanos == LatencyMarker.NONE) {
            return;
        }
        received.increment();
        long micros = (System.nanoTime() - sentNanos) / 1000;
        latency.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
    }

    @Override
    public void onClosed(Session session, String reason) {
        Member member = (Member) session.attachment;
        if (member.stable) {
            if (stopping) {
                return;
            }
            stableLost.incrementAndGet();
            unexpected("stable: " + reason);
            return;
        }
        churners.remove(session);
        churnEnded.incrementAndGet();
        if (stopping) {
            return;
        }
        if (!member.joined) {
            churnFailed.incrementAndGet();
            unexpected("churner before joining: " + reason);
        } else if (!member.leaving) {
            unexpected("churner: " + reason);
        }
    }

    private void unexpected(String reason) {
        String key = reason.length() > 120 ? reason.substring(0, 120) : reason;
        unexpectedCloses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** The counts so far and the latencies since the last call. */
    LoadSample sample() {
        Histogram interval = latency.getIntervalHistogram();
        return new LoadSample(
                stableReady.get() - stableLost.get(),
                churners.size(),
                churnStarted.get(),
                churnJoined.get(),
                churnFailed.get(),
                stableLost.get(),
                sent.sum(),
                received.sum(),
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50) / 1000.0);
    }

    /** Why clients ended that were not meant to, with counts. */
    Map<String, Integer> unexpectedCloses() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        unexpectedCloses.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Stops starting churners and sending; the churners still connected are closed. */
    void stop() {
        stopping = true;
        driver.shutdownNow();
        churners.keySet().forEach(Session::close);
    }

    @Override
    public void close() {
        stop();
        stable.forEach(Session::close);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The load at one moment.
     *
     * @param stableConnected stable clients connected and joined
     * @param churnersLive churners started and not yet ended
     * @param churnStarted churners started so far
     * @param churnJoined churners that connected and joined their room
     * @param churnFailed churners that ended before joining (refused, failed)
     * @param stableLost stable clients whose connection ended (none should)
     * @param sent room events sent so far
     * @param received room events received so far (each sent one reaches every member of its room)
     * @param p99Millis the 99th percentile latency of the room events received since the last sample
     * @param p50Millis their median
     */
    record LoadSample(
            int stableConnected,
            int churnersLive,
            long churnStarted,
            long churnJoined,
            long churnFailed,
            int stableLost,
            long sent,
            long received,
            double p99Millis,
            double p50Millis) {}
}
