package dev.skein.engine;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.config.Transport;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.EncodedPacket;
import dev.skein.socket.ClientConnection;
import dev.skein.socket.ClientSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection (netty-socketio's {@link ClientHead}) as the Socket.IO layer uses it: its
 * heartbeat, its connect timeout, its bounded outbound queue and its one way to close.
 */
final class EngineConnection implements ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);

    /**
     * The limits every connection runs with.
     *
     * @param pingInterval how often the server pings (v4) or the client must ping (v3)
     * @param pingTimeout how long a pong (v4) or the next ping (v3, on top of the interval) may take
     * @param connectTimeout how long the client may take to join its first namespace
     * @param maxQueuedPackets outbound packets buffered before a slow client is cut off
     */
    record Settings(Duration pingInterval, Duration pingTimeout, Duration connectTimeout, int maxQueuedPackets) {}

    private final ClientHead head;
    private final SessionTracker tracker;
    private final EngineScheduler timers;
    private final Settings settings;
    private final SkeinMetrics metrics;
    private final Runnable onClosed;
    private final Heartbeat heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean websocketClaimed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean awaitingFinalPoll;
    private volatile boolean withoutCloseFrame;
    private volatile ClientSession session;
    private volatile ScheduledFuture<?> connectTimer;

    EngineConnection(
            ClientHead head,
            SessionTracker tracker,
            EngineScheduler timers,
            Settings settings,
            SkeinMetrics metrics,
            Runnable onClosed) {
        this.head = head;
        this.tracker = tracker;
        this.timers = timers;
        this.settings = settings;
        this.metrics = metrics;
        this.onClosed = onClosed;
        this.heartbeat =
                new Heartbeat(timers, settings.pingInterval(), settings.pingTimeout(), !isEio3(), new Heartbeat.Peer() {
                    @Override
                    public void sendPing() {
                        head.send(new Packet(PacketType.PING, EngineIOVersion.V4));
                    }

                    @Override
                    public void timedOut() {
                        close("ping timeout");
                    }
                });
    }

    void attach(ClientSession clientSession) {
        this.session = clientSession;
    }

    /** Starts the heartbeat and the connect timeout. */
    void start() {
        if (head.getCurrentTransport() == com.corundumstudio.socketio.Transport.WEBSOCKET) {
            websocketClaimed.set(true);
        }
        heartbeat.start();
        connectTimer = timers.after(settings.connectTimeout(), () -> {
            if (session.socketCount() == 0) {
                log.debug("Closing client {}: no namespace joined in time", sessionId());
                close("connect timeout");
            }
        });
    }

    ClientSession session() {
        return session;
    }

    ClientHead head() {
        return head;
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    boolean isEio3() {
        return head.getEngineIOVersion() == EngineIOVersion.V3;
    }

    /**
     * Reserves the session's one websocket (its handshake or its upgrade); false when it already has
     * one, so that a second request for the same sid is refused.
     */
    boolean claimWebsocket() {
        return websocketClaimed.compareAndSet(false, true);
    }

    @Override
    public String sessionId() {
        return head.getSessionId().toString();
    }

    @Override
    public Transport transport() {
        return head.getCurrentTransport() == com.corundumstudio.socketio.Transport.WEBSOCKET
                ? Transport.WEBSOCKET
                : Transport.POLLING;
    }

    @Override
    public boolean legacyProtocol() {
        return isEio3();
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public boolean send(EncodedPacket packet, BroadcastFlags flags) {
        if (closed.get()) {
            return false;
        }
        if (flags.volatile_() && !head.isWritable()) {
            metrics.volatileDropped();
            return false;
        }
        if (head.getPacketsQueue(head.getCurrentTransport()).size() >= settings.maxQueuedPackets()) {
            return overflow(flags.volatile_());
        }
        head.send(new OutboundPacket(packet, flags.compress()));
        return true;
    }

    /**
     * A transport channel of this connection was bound; the first time, the Socket.IO session starts.
     * The long-poll a closing client still had on its way gets its NOOP, then the connection ends.
     */
    void transportBound(Channel channel) {
        if (started.compareAndSet(false, true)) {
            session.start();
        }
        if (awaitingFinalPoll) {
            // runs after netty-socketio has flushed the queue (the NOOP) to this channel
            channel.eventLoop().execute(this::finish);
        }
    }

    /** The server closes the connection: the client gets an Engine.IO CLOSE and will reconnect. */
    @Override
    public void close() {
        close("forced close");
    }

    /** Closes the connection; its sockets disconnect with {@code reason}. Idempotent. */
    void close(String reason) {
        end(reason, new Packet(PacketType.CLOSE, EngineIOVersion.V4));
    }

    /**
     * Closes the connection of a node that drains, so that the client reconnects to another node at once. A
     * websocket's TCP connection is closed without a close frame: {@code socket.io-client-java} (OkHttp)
     * stops reading at a close frame without telling the client, which would then only reconnect after its
     * ping timeout (45 s by default); a bare close is seen at once by every client (code 1006).
     */
    void closeForDrain() {
        withoutCloseFrame = true;
        close("server shutting down");
    }

    /**
     * The client sent CLOSE: its pending long-poll is released with a NOOP, then the transport closes.
     * A polling client's long-poll may still be on its way (it races the CLOSE over another connection):
     * the session then waits up to {@code pingTimeout} for it.
     */
    void closeByClient() {
        Packet noop = new Packet(PacketType.NOOP, EngineIOVersion.V4);
        if (transport() != Transport.POLLING
                || !tracker.channelsOf(head.getSessionId()).isEmpty()) {
            end("transport close", noop);
            return;
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        awaitingFinalPoll = true;
        stopTimers();
        session.onConnectionClosed("transport close");
        head.send(noop);
        timers.after(settings.pingTimeout(), this::finish);
    }

    /** Stops the connection taking packets, disconnects its sockets, sends {@code lastPacket}, ends it. */
    private void end(String reason, Packet lastPacket) {
        if (!closed.compareAndSet(false, true)) {
            finish();
            return;
        }
        stopTimers();
        session.onConnectionClosed(reason);
        head.send(lastPacket);
        finish();
    }

    private void stopTimers() {
        heartbeat.stop();
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Forgets the session and closes its channels. Once. */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        onClosed.run();
        for (Channel channel : tracker.channelsOf(head.getSessionId())) {
            closeChannel(channel);
        }
        tracker.removeClient(head.getSessionId());
        head.onChannelDisconnect();
    }

    /** A websocket gets a close frame first (but when draining): some clients miss a bare TCP close for seconds. */
    private void closeChannel(Channel channel) {
        if (withoutCloseFrame || channel.pipeline().get(WebSocketFrameEncoder.class) == null) {
            channel.close();
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean overflow(boolean droppable) {
        if (droppable) {
            metrics.volatileDropped();
            return false;
        }
        metrics.slowClientDisconnected();
        log.warn(
                "Client {} has {} packets queued and is not reading; disconnecting it",
                head.getSessionId(),
                settings.maxQueuedPackets());
        close("slow client");
        return false;
    }
}
