package dev.skein.engine;

import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;

/**
 * Replaces netty-socketio's {@code DefaultExceptionListener}, which logs every connection reset at
 * ERROR: leaves the channel's errors to {@link ConnectionErrorHandler}.
 */
final class QuietExceptionListener extends ExceptionListenerAdapter {
    @Override
    public void onAuthException(Throwable e, com.corundumstudio.socketio.SocketIOClient client) {
        // Skein runs no netty-socketio auth listeners
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        return false;
    }
}
