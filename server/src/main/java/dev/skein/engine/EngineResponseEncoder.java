package dev.skein.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.messages.HttpErrorMessage;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.messages.XHROptionsMessage;
import com.corundumstudio.socketio.messages.XHRPostMessage;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.config.SkeinConfig;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.EngineFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.Attribute;
import java.nio.charset.StandardCharsets;
import java.util.Queue;

/**
 * Writes what netty-socketio queues for a client: Engine.IO packets and Skein's encoded Socket.IO
 * packets, over a websocket (text frames, binary attachments as bare binary frames) or as one
 * long-polling response ({@code 0x1e}-separated, attachments as {@code b<base64>}). Replaces
 * netty-socketio's {@code EncoderHandler}, which prefixes binary frames with a stray {@code 0x04}
 * (upstream issue #940) and answers {@code Connection: keep-alive} before closing.
 */
@ChannelHandler.Sharable
final class EngineResponseEncoder extends ChannelOutboundHandlerAdapter {
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

    private void writeWebsocket(ChannelHandlerContext ctx, OutPacketMessage out, ChannelPromise promise) {
        Queue<Packet> queue = out.getClientHead().getPacketsQueue(Transport.WEBSOCKET);
        Channel channel = ctx.channel();
        long bytes = 0;
        for (Packet packet = queue.poll(); packet != null; packet = queue.poll()) {
            bytes += writeFrames(channel, packet);
        }
        channel.flush();
        metrics.bytesOut(bytes);
        promise.trySuccess();
    }

    private long writeFrames(Channel channel, Packet packet) {
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
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(encoded.engineMessageBytes())));
        for (byte[] attachment : encoded.attachments()) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(attachment)));
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
        ByteBuf body = Unpooled.wrappedBuffer(pollingPayload(queue).getBytes(StandardCharsets.UTF_8));
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
