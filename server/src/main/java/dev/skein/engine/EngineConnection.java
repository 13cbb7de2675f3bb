package dev.skein.engine;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.config.Transport;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.EncodedPacket;
import dev.skein.socket.ClientConnection;
import dev.skein.socket.ClientSession;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection (netty-socketio's {@link ClientHead}) as the Socket.IO layer uses it, with
 * its outbound queue bounded.
 */
final class EngineConnection implements ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);

    private final ClientHead head;
    private final SessionTracker tracker;
    private final SkeinMetrics metrics;
    private final int maxQueuedPackets;
    private final java.util.function.Consumer<ClientHead> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ClientSession session;

    EngineConnection(
            ClientHead head,
            SessionTracker tracker,
            SkeinMetrics metrics,
            int maxQueuedPackets,
            java.util.function.Consumer<ClientHead> onClosed) {
        this.head = head;
        this.tracker = tracker;
        this.metrics = metrics;
        this.maxQueuedPackets = maxQueuedPackets;
        this.onClosed = onClosed;
    }

    void attach(ClientSession clientSession) {
        this.session = clientSession;
    }

    ClientSession session() {
        return session;
    }

    ClientHead head() {
        return head;
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
    public boolean send(EncodedPacket packet, boolean droppable) {
        if (closed.get()) {
            return false;
        }
        if (droppable && !head.isWritable()) {
            metrics.volatileDropped();
            return false;
        }
        if (head.getPacketsQueue(head.getCurrentTransport()).size() >= maxQueuedPackets) {
            return overflow(droppable);
        }
        head.send(new OutboundPacket(packet));
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        head.send(new Packet(PacketType.CLOSE, EngineIOVersion.V4));
        for (Channel channel : tracker.channelsOf(head.getSessionId())) {
            channel.close();
        }
        head.onChannelDisconnect();
        tracker.removeClient(head.getSessionId());
        onClosed.accept(head);
    }

    /** Marks the connection gone after netty-socketio saw it close. */
    void markClosed() {
        closed.set(true);
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
                maxQueuedPackets);
        close();
        return false;
    }
}
