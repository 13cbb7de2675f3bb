package dev.skein.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Resumes a websocket's queued packets once its channel is writable again, so that a client that reads
 * slowly is fed at its pace from the bounded per-client queue, never from an unbounded socket buffer.
 */
@ChannelHandler.Sharable
final class WritabilityResumer extends ChannelInboundHandlerAdapter {
    private final ClientsBox clients;

    WritabilityResumer(ClientsBox clients) {
        this.clients = clients;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        ClientHead head = clients.get(channel);
        if (channel.isWritable() && head != null && head.isTransportChannel(channel, Transport.WEBSOCKET)) {
            channel.writeAndFlush(new OutPacketMessage(head, Transport.WEBSOCKET));
        }
        ctx.fireChannelWritabilityChanged();
    }
}
