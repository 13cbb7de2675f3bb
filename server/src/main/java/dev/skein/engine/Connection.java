package dev.skein.engine;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.Fanout;
import dev.skein.config.Transport;
import dev.skein.metrics.OutboundTally;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.EngineFrame;
import dev.skein.protocol.EnginePacketType;
import dev.skein.protocol.LegacyPayload;
import dev.skein.protocol.ProtocolException;
import dev.skein.socket.ClientConnection;
import dev.skein.socket.ConnectionListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection, from its handshake to its close: its transport (long-polling, websocket, or
 * polling upgraded to websocket), its heartbeat and connect timeout on its event loop's {@link LoopTimer},
 * its bounded outbound queue, and its one way to close. All its state lives on its home event loop;
 * {@link #send} may be called from any thread.
 */
final class Connection implements ClientConnection, Fanout.Member {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final String PROBE = "probe";

    private final String id;
    private final boolean eio3;
    private final EngineContext context;
    private volatile EventLoop home;
    private LoopTimer timer;
    private OutboundTally tally;
    private ConnectionListener session;
    /** The client address this session counts against (per-address connection limit); null when none. */
    private java.net.InetAddress heldAddress;

    private volatile Transport transport;
    private volatile boolean open = true;
    private final java.util.concurrent.atomic.AtomicBoolean websocketClaimed =
            new java.util.concurrent.atomic.AtomicBoolean();
    private Channel websocket;
    private Channel probe;
    /** Between the probe's pong and the client's UPGRADE: the client is pausing its polling. */
    private Upgrade upgrade;

    private PendingPoll poll;
    private boolean awaitingFinalPoll;
    private String finalPacket;
    private boolean withoutCloseFrame;

    /** Packets waiting for the next long-poll, or for a websocket that cannot take more now. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);

    private final Heartbeat heartbeat = new Heartbeat();
    private boolean flushScheduled;
    private boolean answerScheduled;
    private final Runnable answerTask = () -> {
        answerScheduled = false;
        if (poll != null && !queue.isEmpty()) {
            answerPoll();
        }
    };
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        flush();
    };
    private LoopTimer.Entry connectTimeout = new LoopTimer.Entry() {
        @Override
        void expired() {
            connectTimeout = null;
            if (!session.joined()) {
                log.debug("Closing client {}: no namespace joined in time", id);
                close("connect timeout");
            }
        }
    };

    /** A long-poll waiting for packets: its channel, and whether the client keeps the connection open. */
    private record PendingPoll(Channel channel, boolean keepAlive) {}

    Connection(String id, boolean eio3, Transport transport, EventLoop home, EngineContext context) {
        this.id = id;
        this.eio3 = eio3;
        this.transport = transport;
        this.home = home;
        this.timer = context.timerOf(home);
        this.tally = context.tallyOf(home);
        this.context = context;
    }

    void attach(ConnectionListener listener) {
        this.session = listener;
    }

    /** The client address whose connection count this session holds until it ends; before it starts. */
    void holdAddress(java.net.InetAddress limitKey) {
        this.heldAddress = limitKey;
    }

    /** Gives back the session's place in its address's connection count, once; on the home loop. */
    void releaseAddress() {
        if (heldAddress != null) {
            context.limits().release(heldAddress);
            heldAddress = null;
        }
    }

    /** Starts the heartbeat and the connect timeout; on the home loop. */
    void start() {
        heartbeat.start();
        timer.arm(connectTimeout, context.settings().connectTimeout().toNanos());
        session.start();
    }

    /**
     * Reserves the session's one websocket (its handshake or its upgrade); false when it already has one,
     * so that a second request for the same sid is refused. Any thread.
     */
    boolean claimWebsocket() {
        return websocketClaimed.compareAndSet(false, true);
    }

    EventLoop home() {
        return home;
    }

    boolean eio3() {
        return eio3;
    }

    // ---------------------------------------------------------------- ClientConnection

    @Override
    public String sessionId() {
        return id;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public boolean legacyProtocol() {
        return eio3;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean send(EncodedPacket packet, BroadcastFlags flags) {
        if (!open) {
            return false;
        }
        if (Fanout.join(this, packet, flags)) {
            return true;
        }
        Object item = flags.compress() ? packet : new Frames.Uncompressed(packet);
        if (home.inEventLoop()) {
            boolean sent = offer(item, flags.volatile_());
            flushSoon();
            return sent;
        }
        execute(() -> {
            offer(item, flags.volatile_());
            flush();
        });
        return true;
    }

    @Override
    public java.util.concurrent.Executor owner() {
        return home;
    }

    @Override
    public boolean onOwner() {
        return home.inEventLoop();
    }

    @Override
    public void offerInFanout(EncodedPacket packet, BroadcastFlags flags) {
        Object item = flags.compress() ? packet : new Frames.Uncompressed(packet);
        if (home.inEventLoop()) {
            offer(item, flags.volatile_());
            return;
        }
        // moved to its websocket's loop since the fan-out began
        execute(() -> {
            offer(item, flags.volatile_());
            flush();
        });
    }

    @Override
    public void flushFanout() {
        if (home.inEventLoop()) {
            flush();
        }
    }

    /** The server closes the connection: the client gets an Engine.IO CLOSE and will reconnect. */
    @Override
    public void close() {
        execute(() -> close("forced close"));
    }

    @Override
    public dev.skein.socket.Deadline newDeadline(Runnable action) {
        return new LoopDeadline(this, action);
    }

    /** The timer wheel of the home event loop; on the home loop. */
    LoopTimer timer() {
        return timer;
    }

    // ---------------------------------------------------------------- outbound, on the home loop

    /**
     * Queues or writes {@code packet} (an {@link EncodedPacket}, an Engine.IO text packet or a binary message)
     * without flushing; false when dropped: a volatile packet the client cannot take now, or any packet past the
     * queue's bound (the client is then cut off).
     */
    boolean offer(Object packet, boolean droppable) {
        if (!open) {
            return false;
        }
        if (transport == Transport.WEBSOCKET && queue.isEmpty() && websocket.isWritable()) {
            taken(packet);
            write(websocket, packet);
            return true;
        }
        if (droppable && transport == Transport.WEBSOCKET) {
            context.metrics().volatileDropped();
            return false;
        }
        if (queue.size() >= context.settings().maxQueuedPackets()) {
            return overflow(droppable);
        }
        taken(packet);
        queue.add(packet);
        answerSoon();
        return true;
    }

    /** Counts an event the connection took (written now or queued; a dropped one is counted as dropped). */
    private void taken(Object packet) {
        if (Frames.isEvent(packet)) {
            tally.event();
        }
    }

    /**
     * Answers the pending long-poll once the current task ends, so that the packets one handler sends go
     * in one response.
     */
    private void answerSoon() {
        if (poll != null && !answerScheduled) {
            answerScheduled = true;
            home.execute(answerTask);
        }
    }

    /** Flushes what {@link #offer} wrote to the websocket. */
    void flush() {
        if (websocket != null && transport == Transport.WEBSOCKET) {
            websocket.flush();
        }
    }

    /** The websocket can take more: writes what waited. */
    void writable() {
        if (transport != Transport.WEBSOCKET || websocket == null) {
            return;
        }
        while (!queue.isEmpty() && websocket.isWritable()) {
            write(websocket, queue.poll());
        }
        websocket.flush();
    }

    private void write(Channel channel, Object packet) {
        tally.bytes(Frames.wireSize(packet));
        context.frames().write(channel, packet, eio3);
    }

    /**
     * Flushes the websocket once the current task ends, however many packets it sends: a handler that emits
     * several packets, or acknowledges, costs one flush.
     */
    private void flushSoon() {
        if (!flushScheduled && websocket != null && transport == Transport.WEBSOCKET) {
            flushScheduled = true;
            home.execute(flushTask);
        }
    }

    private boolean overflow(boolean droppable) {
        if (droppable) {
            context.metrics().volatileDropped();
            return false;
        }
        context.metrics().slowClientDisconnected();
        log.warn(
                "Client {} has {} packets queued and is not reading; disconnecting it",
                id,
                context.settings().maxQueuedPackets());
        close("slow client");
        return false;
    }

    // ---------------------------------------------------------------- polling, on the home loop

    /** A long-poll arrived (on any connection): answered now when packets wait, else when they come. */
    void poll(Channel channel, boolean keepAlive) {
        if (!open && !awaitingFinalPoll) {
            context.responses().pollClosed(channel);
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            // upgraded after the request handler let this long-poll through: nothing would ever answer it
            context.metrics().handshakeError("transport");
            context.responses().badRequest(channel);
            return;
        }
        if (poll != null) {
            // two long-polls at once: the Engine.IO answer is 400, and the session ends
            context.metrics().packetRejected("overlapping poll");
            context.responses().badRequest(channel);
            close("transport error");
            return;
        }
        poll = new PendingPoll(channel, keepAlive);
        if (upgrade != null && upgrade.pausing() && queue.isEmpty()) {
            upgrade.holdPoll();
            return;
        }
        if (awaitingFinalPoll) {
            queue.clear();
            queue.add(finalPacket);
            answerPoll();
            finish();
            return;
        }
        if (!queue.isEmpty()) {
            answerSoon();
        }
    }

    /**
     * A POST of packets arrived: parsed first, answered, then handled in order. (Bodies are aggregated before
     * they reach here and handled one at a time on the home loop, so two POSTs never overlap.)
     */
    void post(Channel channel, boolean keepAlive, ByteBuf body) {
        if (!open) {
            context.metrics().packetRejected("closed session");
            context.responses().badRequest(channel);
            return;
        }
        List<EngineFrame> frames;
        try {
            byte[] bytes = new byte[body.readableBytes()];
            body.readBytes(bytes);
            context.metrics().bytesIn(bytes.length);
            frames = eio3 ? LegacyPayload.decode(bytes) : EngineFrame.splitPayload(bytes);
            for (EngineFrame frame : frames) {
                if (!frame.isBinary()) {
                    // every packet's type is checked before the POST is answered
                    frame.type();
                }
            }
        } catch (ProtocolException e) {
            context.metrics().packetRejected(e.reason());
            log.debug("Closing client {}: {}", id, e.getMessage());
            context.responses().badRequest(channel);
            close("parse error");
            return;
        }
        context.responses().ok(channel, keepAlive);
        for (EngineFrame frame : frames) {
            if (!open) {
                return;
            }
            receive(frame, false);
        }
        flush();
    }

    /** A channel closed while it held this session's long-poll. */
    void pollChannelClosed(Channel channel) {
        if (poll != null && poll.channel() == channel) {
            // the client gave up its long-poll (or its connection died): the session cannot go on
            poll = null;
            close("transport close");
        }
    }

    private void answerPoll() {
        PendingPoll answering = poll;
        poll = null;
        answering.channel().attr(EngineRequestHandler.PENDING_POLL).compareAndSet(this, null);
        ByteBuf payload =
                context.frames().pollingPayload(queue, eio3, context.settings().maxPayloadBytes());
        tally.bytes(payload.readableBytes());
        context.responses().payload(answering.channel(), answering.keepAlive(), payload);
    }

    // ---------------------------------------------------------------- websocket, on the home loop

    /**
     * A websocket for this session was opened: the transport itself for a websocket-only client, else
     * a probe that the client will upgrade to.
     */
    void websocketOpened(Channel channel, boolean fromStart) {
        if (fromStart) {
            websocket = channel;
            return;
        }
        probe = channel;
        upgrade = new Upgrade();
    }

    /** A frame from {@code channel}: text (an Engine.IO packet) or binary (an attachment). */
    void websocketFrame(Channel channel, EngineFrame frame) {
        if (!open) {
            return;
        }
        boolean fromProbe = channel == probe && channel != websocket;
        if (!fromProbe && channel != websocket) {
            return;
        }
        receive(frame, fromProbe);
        flush();
    }

    /** A websocket of this session closed. */
    void websocketClosed(Channel channel) {
        if (channel == probe && channel != websocket) {
            probe = null;
            endUpgrade();
            // the client may probe again
            websocketClaimed.set(false);
            return;
        }
        if (channel == websocket) {
            close("transport close");
        }
    }

    // ---------------------------------------------------------------- inbound packets

    private void receive(EngineFrame frame, boolean fromProbe) {
        try {
            if (frame.isBinary()) {
                session.receiveBinary(frame.binary());
                return;
            }
            EnginePacketType type = frame.type();
            switch (type) {
                case MESSAGE -> session.receiveText(frame.data());
                case PONG -> {
                    heartbeat.pong();
                    session.onHeartbeat();
                }
                case PING -> ping(frame.data(), fromProbe);
                case UPGRADE -> upgrade(fromProbe);
                case CLOSE -> closeByClient();
                case NOOP -> log.trace("noop from {}", id);
                default -> throw new ProtocolException("unexpected engine packet " + type + " from a client");
            }
        } catch (ProtocolException e) {
            rejected(e);
        }
    }

    /** The client sent something malformed: only its connection closes, and it is counted. */
    void rejected(ProtocolException e) {
        context.metrics().packetRejected(e.reason());
        log.debug("Closing client {}: {}", id, e.getMessage());
        close("parse error");
    }

    /** A client pings to probe a new websocket, and (Engine.IO v3 only) as its heartbeat. */
    private void ping(String data, boolean fromProbe) throws ProtocolException {
        if (fromProbe && PROBE.equals(data)) {
            probe.writeAndFlush(new TextWebSocketFrame(EnginePacketType.PONG.code() + PROBE));
            upgrade.probed();
            return;
        }
        if (!eio3) {
            throw new ProtocolException("invalid heartbeat direction");
        }
        heartbeat.clientPinged();
        offer(EnginePacketType.PONG.code() + (data == null ? "" : data), false);
        session.onHeartbeat();
    }

    private void upgrade(boolean fromProbe) throws ProtocolException {
        if (!fromProbe || probe == null) {
            throw new ProtocolException("upgrade packet without a probed websocket");
        }
        websocket = probe;
        probe = null;
        endUpgrade();
        transport = Transport.WEBSOCKET;
        if (poll != null) {
            // a client upgrades only once its polling has paused: a long-poll still here was sent after the
            // UPGRADE, for a transport that is gone; the official answer is 400
            PendingPoll stale = poll;
            poll = null;
            stale.channel().attr(EngineRequestHandler.PENDING_POLL).compareAndSet(this, null);
            context.responses().badRequest(stale.channel());
        }
        moveHomeTo(websocket.eventLoop());
    }

    /**
     * From the upgrade on, the websocket's event loop is home: its frames are then handled where they
     * are read, without a hop. The timers move with the connection.
     */
    private void moveHomeTo(EventLoop loop) {
        if (loop == home) {
            writable();
            return;
        }
        // cancelled, not stopped: a stopped heartbeat would not restart on the new home
        timer.cancel(heartbeat);
        if (connectTimeout != null) {
            timer.cancel(connectTimeout);
        }
        EventLoop from = home;
        home = loop;
        timer = context.timerOf(loop);
        tally = context.tallyOf(loop);
        // the rest happens on the new home; frames read there in the meantime wait in its queue behind this
        loop.execute(() -> {
            heartbeat.restart();
            if (connectTimeout != null) {
                timer.arm(connectTimeout, context.settings().connectTimeout().toNanos());
            }
            writable();
        });
        log.trace("Client {} moved from {} to {}", id, from, loop);
    }

    // ---------------------------------------------------------------- closing, on the home loop

    /** Closes the connection; its sockets disconnect with {@code reason}. Idempotent. */
    void close(String reason) {
        if (!open) {
            return;
        }
        open = false;
        stopTimers();
        session.onConnectionClosed(reason);
        if (transport == Transport.WEBSOCKET && websocket != null) {
            if (!withoutCloseFrame && websocket.isActive()) {
                websocket.write(new TextWebSocketFrame(String.valueOf(EnginePacketType.CLOSE.code())));
                websocket.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            } else {
                websocket.close();
            }
        } else if (poll != null) {
            // a polling client gets the CLOSE on its pending long-poll; without one, its next long-poll
            // finds the session gone (400), which a client also takes as the end of the connection
            queue.clear();
            queue.add(String.valueOf(EnginePacketType.CLOSE.code()));
            answerPoll();
        }
        if (probe != null) {
            probe.close();
        }
        finish();
    }

    /** Keeps the session for the long-poll the client will send next, to give it {@code packet}. */
    private void awaitFinalPoll(String packet) {
        awaitingFinalPoll = true;
        finalPacket = packet;
        timer.arm(
                new LoopTimer.Entry() {
                    @Override
                    void expired() {
                        finish();
                    }
                },
                context.settings().pingTimeout().toNanos());
    }

    /**
     * Closes the connection of a node that drains, so that the client reconnects to another node at once:
     * a websocket without a close frame ({@code socket.io-client-java} misses a close frame until its ping
     * timeout).
     */
    void closeForDrain() {
        execute(() -> {
            withoutCloseFrame = true;
            close("server shutting down");
        });
    }

    /**
     * The client sent CLOSE: its pending long-poll is released with a NOOP, then the transport closes. A
     * polling client's long-poll may still be on its way: the session then waits up to {@code pingTimeout}
     * for it.
     */
    private void closeByClient() {
        if (transport == Transport.WEBSOCKET || poll != null) {
            if (poll != null) {
                queue.clear();
                queue.add(String.valueOf(EnginePacketType.NOOP.code()));
            }
            open = false;
            stopTimers();
            session.onConnectionClosed("transport close");
            if (poll != null) {
                answerPoll();
            }
            if (websocket != null) {
                websocket.close();
            }
            finish();
            return;
        }
        open = false;
        stopTimers();
        session.onConnectionClosed("transport close");
        awaitFinalPoll(String.valueOf(EnginePacketType.NOOP.code()));
    }

    private void stopTimers() {
        endUpgrade();
        heartbeat.stop();
        if (connectTimeout != null) {
            timer.cancel(connectTimeout);
            connectTimeout = null;
        }
    }

    /** Forgets the session. Idempotent. */
    private void finish() {
        awaitingFinalPoll = false;
        context.registry().remove(this);
        releaseAddress();
    }

    /** Whether a long-poll for this closed session is still expected (it gets the final packet). */
    boolean awaitsFinalPoll() {
        return awaitingFinalPoll;
    }

    @Override
    public void enqueue(Runnable task) {
        home.execute(() -> execute(task));
    }

    /**
     * Runs {@code task} on the home event loop: now when called there, else as a task that checks again
     * when it runs, since the connection may have moved to its websocket's loop in the meantime.
     */
    @Override
    public void execute(Runnable task) {
        EventLoop loop = home;
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(() -> execute(task));
        }
    }

    private void endUpgrade() {
        if (upgrade != null) {
            timer.cancel(upgrade);
            upgrade = null;
        }
    }

    // ---------------------------------------------------------------- upgrade

    /**
     * A polling client's upgrade, from its probe websocket's opening: the upgrade must complete within {@code
     * upgradeTimeout}, else the probe is closed and the client stays on polling. Once the probe is answered,
     * the client pauses its polling: a long-poll pending then is released at once with a NOOP, and one that
     * arrives with nothing to send is held up to {@value #PAUSE_CHECK_MILLIS} ms before its NOOP (as the
     * official server's check does), so that an UPGRADE sent just before it wins and it gets its 400.
     */
    private final class Upgrade extends LoopTimer.Entry {
        private static final long PAUSE_CHECK_MILLIS = 100;
        private final long deadlineNanos;
        private boolean probed;
        private boolean holding;

        Upgrade() {
            long timeout = context.settings().upgradeTimeout().toNanos();
            deadlineNanos = timer.nanoTime() + timeout;
            timer.arm(this, timeout);
        }

        boolean pausing() {
            return probed;
        }

        void probed() {
            probed = true;
            if (poll != null) {
                offer(String.valueOf(EnginePacketType.NOOP.code()), false);
            }
        }

        void holdPoll() {
            holding = true;
            long left = deadlineNanos - timer.nanoTime();
            timer.arm(this, Math.min(TimeUnit.MILLISECONDS.toNanos(PAUSE_CHECK_MILLIS), Math.max(0, left)));
        }

        @Override
        void expired() {
            if (holding) {
                holding = false;
                if (poll != null) {
                    offer(String.valueOf(EnginePacketType.NOOP.code()), false);
                }
                long left = deadlineNanos - timer.nanoTime();
                if (left > 0) {
                    timer.arm(this, left);
                    return;
                }
            }
            log.debug(
                    "Client {}: no upgrade within {}; closing its probe",
                    id,
                    context.settings().upgradeTimeout());
            Channel unfinished = probe;
            probe = null;
            upgrade = null;
            // the client may probe again
            websocketClaimed.set(false);
            if (unfinished != null) {
                unfinished.close();
            }
        }
    }

    // ---------------------------------------------------------------- heartbeat

    /**
     * The heartbeat, as the official server runs it. Engine.IO v4: the server pings every {@code
     * pingInterval} and waits {@code pingTimeout} for the pong. Engine.IO v3: the client pings, and the
     * server gives up {@code pingInterval + pingTimeout} after the last ping.
     */
    private final class Heartbeat extends LoopTimer.Entry {
        private boolean awaitingPong;
        private boolean stopped;

        void start() {
            armNext();
        }

        void restart() {
            if (!stopped) {
                armNext();
            }
        }

        void pong() {
            if (!eio3 && awaitingPong) {
                awaitingPong = false;
                armNext();
            }
        }

        void clientPinged() {
            armNext();
        }

        void stop() {
            stopped = true;
            timer.cancel(this);
        }

        private void armNext() {
            long interval = context.settings().pingInterval().toNanos();
            long timeout = context.settings().pingTimeout().toNanos();
            if (eio3) {
                timer.arm(this, interval + timeout);
            } else if (awaitingPong) {
                timer.arm(this, timeout);
            } else {
                timer.arm(this, interval);
            }
        }

        @Override
        void expired() {
            if (eio3 || awaitingPong) {
                close("ping timeout");
                return;
            }
            awaitingPong = true;
            armNext();
            offer(String.valueOf(EnginePacketType.PING.code()), false);
            flush();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", " + transport + (open ? "" : ", closed") + "]";
    }

    static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    static BinaryWebSocketFrame binaryFrame(byte[] data) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data));
    }
}
