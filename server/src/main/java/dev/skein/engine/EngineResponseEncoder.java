package dev.skein.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.messages.HttpErrorMessage;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.messages.XHROptionsMessage;
import com.corundumstudio.socketio.messages.XHRPostMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.config.SkeinConfig;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.EngineFrame;
import dev.skein.protocol.LegacyPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.Attribute;
import java.nio.charset.StandardCharsets;
import java.util.Queue;

/**
 * Writes what netty-socketio queues for a client: Engine.IO packets and Skein's encoded Socket.IO
 * packets, over a websocket (text frames, binary attachments as bare binary frames; v3: prefixed with
 * the message type {@code 4}) or as one long-polling response (v4: {@code 0x1e}-separated, attachments
 * as {@code b<base64>}; v3: {@link LegacyPayload}). Replaces
 * netty-socketio's {@code EncoderHandler}, which prefixes binary frames with a stray {@code 0x04}
 * (upstream issue #940) and answers {@code Connection: keep-alive} before closing.
 */
@ChannelHandler.Sharable
final class EngineResponseEncoder extends ChannelOutboundHandlerAdapter {
    private static final byte[] LEGACY_BINARY_PREFIX = {4};

    private final SkeinMetrics metrics;
    private final int maxPayloadBytes;
    private final EnginePackets enginePackets;

    EngineResponseEncoder(SkeinMetrics metrics, SkeinConfig config) {
        this.metrics = metrics;
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.enginePackets = new EnginePackets(config);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OutPacketMessage out) {
            if (out.getTransport() == Transport.WEBSOCKET) {
                writeWebsocket(ctx, out, promise);
            } else {
                writePolling(ctx, out, promise);
            }
        } else if (msg instanceof XHROptionsMessage) {
            HttpResponses.send(ctx.channel(), HttpResponses.text(200, ""), promise);
        } else if (msg instanceof XHRPostMessage) {
            HttpResponses.send(ctx.channel(), HttpResponses.text(200, "ok"), promise);
        } else if (msg instanceof HttpErrorMessage error) {
            HttpResponses.send(ctx.channel(), HttpResponses.json(400, error.getData()), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * Writes queued packets while the channel is writable; the rest waits in the bounded queue for
     * {@link WritabilityResumer} (a slow reader fills its queue and is cut off instead of the heap).
     */
    private void writeWebsocket(ChannelHandlerContext ctx, OutPacketMessage out, ChannelPromise promise) {
        Queue<Packet> queue = out.getClientHead().getPacketsQueue(Transport.WEBSOCKET);
        boolean legacy = out.getClientHead().getEngineIOVersion() == EngineIOVersion.V3;
        Channel channel = ctx.channel();
        long bytes = 0;
        while (channel.isWritable()) {
            Packet packet = queue.poll();
            if (packet == null) {
                break;
            }
            bytes += writeFrames(channel, packet, legacy);
        }
        channel.flush();
        metrics.bytesOut(bytes);
        promise.trySuccess();
    }

    private long writeFrames(Channel channel, Packet packet, boolean legacy) {
        if (!(packet instanceof OutboundPacket outbound)) {
            if (packet.getType() == PacketType.NOOP || EnginePackets.isSuperseded(packet)) {
                // a NOOP only releases a pending long-poll; one queued before an upgrade ends here
                return 0;
            }
            String text = enginePackets.encode(packet);
            channel.write(new TextWebSocketFrame(text));
            return text.length();
        }
        EncodedPacket encoded = outbound.encoded();
        boolean compress = outbound.compress();
        channel.write(UncompressedFrames.text(Unpooled.wrappedBuffer(encoded.engineMessageBytes()), compress));
        for (byte[] attachment : encoded.attachments()) {
            ByteBuf data = legacy
                    ? Unpooled.wrappedBuffer(LEGACY_BINARY_PREFIX, attachment)
                    : Unpooled.wrappedBuffer(attachment);
            channel.write(UncompressedFrames.binary(data, compress));
        }
        return encoded.wireSize();
    }

    private void writePolling(ChannelHandlerContext ctx, OutPacketMessage out, ChannelPromise promise) {
        Channel channel = ctx.channel();
        Queue<Packet> queue = out.getClientHead().getPacketsQueue(Transport.POLLING);
        Attribute<Boolean> answered = channel.attr(EncoderHandler.WRITE_ONCE);
        if (!channel.isActive() || queue.isEmpty() || !answered.compareAndSet(null, true)) {
            promise.trySuccess();
            return;
        }
        boolean legacy = out.getClientHead().getEngineIOVersion() == EngineIOVersion.V3;
        String payload = legacy ? legacyPollingPayload(queue) : pollingPayload(queue);
        ByteBuf body = Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8));
        metrics.bytesOut(body.readableBytes());
        HttpResponses.send(channel, HttpResponses.of(200, "text/plain; charset=UTF-8", body), promise);
    }

    /** Drains the queue into one payload, stopping before it would pass {@code maxPayloadBytes}. */
    private String pollingPayload(Queue<Packet> queue) {
        StringBuilder payload = new StringBuilder();
        for (Packet packet = queue.peek(); packet != null; packet = queue.peek()) {
            if (EnginePackets.isSuperseded(packet)) {
                queue.poll();
                continue;
            }
            String segment = pollingSegment(packet);
            if (payload.length() > 0 && payload.length() + segment.length() + 1 > maxPayloadBytes) {
                break;
            }
            queue.poll();
            if (payload.length() > 0) {
                payload.append(EngineFrame.RECORD_SEPARATOR);
            }
            payload.append(segment);
        }
        return payload.toString();
    }

    /** Engine.IO v3: every packet as {@code <length>:<packet>}, binary ones as {@code b4<base64>}. */
    private String legacyPollingPayload(Queue<Packet> queue) {
        StringBuilder payload = new StringBuilder();
        for (Packet packet = queue.peek(); packet != null; packet = queue.peek()) {
            String segment = legacySegment(packet);
            if (payload.length() > 0 && payload.length() + segment.length() > maxPayloadBytes) {
                break;
            }
            queue.poll();
            payload.append(segment);
        }
        return payload.toString();
    }

    private String legacySegment(Packet packet) {
        if (EnginePackets.isSuperseded(packet)) {
            return "";
        }
        if (!(packet instanceof OutboundPacket outbound)) {
            return LegacyPayload.segment(enginePackets.encode(packet));
        }
        EncodedPacket encoded = outbound.encoded();
        StringBuilder segment = new StringBuilder(LegacyPayload.segment(encoded.engineText()));
        for (byte[] attachment : encoded.attachments()) {
            segment.append(LegacyPayload.binarySegment(attachment));
        }
        return segment.toString();
    }

    private String pollingSegment(Packet packet) {
        if (!(packet instanceof OutboundPacket outbound)) {
            return enginePackets.encode(packet);
        }
        EncodedPacket encoded = outbound.encoded();
        if (!encoded.hasAttachments()) {
            return encoded.engineText();
        }
        StringBuilder segment = new StringBuilder(encoded.engineText());
        for (byte[] attachment : encoded.attachments()) {
            segment.append(EngineFrame.RECORD_SEPARATOR).append(EncodedPacket.pollingBinary(attachment));
        }
        return segment.toString();
    }
}
