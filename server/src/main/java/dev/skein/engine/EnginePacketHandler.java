package dev.skein.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.EngineFrame;
import dev.skein.protocol.EnginePacketType;
import dev.skein.protocol.LegacyPayload;
import dev.skein.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what clients send once netty-socketio's transports have framed it: Engine.IO packets
 * (heartbeat, upgrade, close) are handled here, Socket.IO packets go to the client's session. Replaces
 * netty-socketio's {@code InPacketHandler} and {@code PacketDecoder}, which accept malformed packets
 * and turn binary attachments into base64 strings.
 *
 * <p>A malformed packet closes only its own connection, counted in {@code skein_packets_rejected}.
 */
@ChannelHandler.Sharable
final class EnginePacketHandler extends SimpleChannelInboundHandler<PacketsMessage> {
    private static final Logger log = LoggerFactory.getLogger(EnginePacketHandler.class);
    private static final String PROBE = "probe";

    private final EngineSessions sessions;
    private final CancelableScheduler scheduler;
    private final SkeinMetrics metrics;

    EnginePacketHandler(EngineSessions sessions, CancelableScheduler scheduler, SkeinMetrics metrics) {
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PacketsMessage message) {
        ByteBuf content = message.getContent();
        metrics.bytesIn(content.readableBytes());
        EngineConnection connection = sessions.of(message.getClient());
        if (connection == null) {
            // a late packet of a session that has just been closed
            ctx.channel().close();
            return;
        }
        try {
            for (EngineFrame frame : frames(ctx, message, connection.isEio3())) {
                handle(connection, frame, message.getTransport());
            }
        } catch (ProtocolException e) {
            metrics.packetRejected("malformed");
            log.debug("Closing client {}: {}", connection.sessionId(), e.getMessage());
            connection.close("parse error");
        }
    }

    private static List<EngineFrame> frames(ChannelHandlerContext ctx, PacketsMessage message, boolean eio3)
            throws ProtocolException {
        byte[] bytes = ByteBufUtil.getBytes(message.getContent());
        if (message.getTransport() == Transport.POLLING) {
            return eio3 ? LegacyPayload.decode(bytes) : EngineFrame.splitPayload(bytes);
        }
        boolean binary =
                Boolean.TRUE.equals(ctx.channel().attr(FrameTypeRecorder.BINARY).get());
        if (!binary) {
            return List.of(EngineFrame.text(new String(bytes, StandardCharsets.UTF_8)));
        }
        return List.of(EngineFrame.binary(eio3 ? legacyBinaryMessage(bytes) : bytes));
    }

    /** An Engine.IO v3 binary websocket message starts with its packet type, {@code 4}. */
    private static byte[] legacyBinaryMessage(byte[] frame) throws ProtocolException {
        if (frame.length == 0 || frame[0] != 4) {
            throw new ProtocolException("binary frame that is not a message");
        }
        return java.util.Arrays.copyOfRange(frame, 1, frame.length);
    }

    private void handle(EngineConnection connection, EngineFrame frame, Transport transport) throws ProtocolException {
        if (frame.isBinary()) {
            connection.session().receiveBinary(frame.binary());
            return;
        }
        ClientHead head = connection.head();
        EnginePacketType type = frame.type();
        switch (type) {
            case MESSAGE -> connection.session().receiveText(frame.data());
            case PONG -> connection.heartbeat().pongReceived();
            case PING -> answerPing(connection, frame.data(), transport);
            case UPGRADE -> upgrade(head, transport);
            case CLOSE -> connection.closeByClient();
            case NOOP -> log.trace("noop from {}", head.getSessionId());
            default -> throw new ProtocolException("unexpected engine packet " + type + " from a client");
        }
    }

    /**
     * A client pings to probe a new websocket, and (Engine.IO v3 only) as its heartbeat. A v4 client's
     * heartbeat ping is a protocol error.
     */
    private static void answerPing(EngineConnection connection, String data, Transport transport)
            throws ProtocolException {
        ClientHead head = connection.head();
        Packet pong = new Packet(PacketType.PONG, EngineIOVersion.V4);
        pong.setData(data);
        if (PROBE.equals(data) && transport == Transport.WEBSOCKET) {
            head.send(pong, Transport.WEBSOCKET);
            // releases the pending long-poll so that the client can finish the upgrade
            head.send(new Packet(PacketType.NOOP, EngineIOVersion.V4), Transport.POLLING);
            return;
        }
        if (!connection.isEio3()) {
            throw new ProtocolException("invalid heartbeat direction");
        }
        connection.heartbeat().pingReceived();
        head.send(pong);
    }

    private void upgrade(ClientHead head, Transport transport) throws ProtocolException {
        if (transport != Transport.WEBSOCKET) {
            throw new ProtocolException("upgrade packet over polling");
        }
        scheduler.cancel(new SchedulerKey(SchedulerKey.Type.UPGRADE_TIMEOUT, head.getSessionId()));
        head.upgradeCurrentTransport(Transport.WEBSOCKET);
    }
}
