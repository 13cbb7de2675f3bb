package dev.skein.engine;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;

/**
 * Websocket frames that permessage-deflate must leave alone: those of a packet sent with {@code
 * compress(false)}, and any frame under the official server's 1024-byte threshold.
 */
final class UncompressedFrames {
    /** Frames shorter than this are not worth compressing (the official server's default threshold). */
    static final int THRESHOLD_BYTES = 1024;

    /** The filter that skips them, for Netty's permessage-deflate encoder. */
    static final WebSocketExtensionFilterProvider FILTER = new WebSocketExtensionFilterProvider() {
        @Override
        public WebSocketExtensionFilter encoderFilter() {
            return UncompressedFrames::mustSkip;
        }

        @Override
        public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
        }
    };

    private UncompressedFrames() {}

    static WebSocketFrame text(ByteBuf data, boolean compress) {
        return compress ? new TextWebSocketFrame(data) : new PlainText(data);
    }

    static WebSocketFrame binary(ByteBuf data, boolean compress) {
        return compress ? new BinaryWebSocketFrame(data) : new PlainBinary(data);
    }

    private static boolean mustSkip(WebSocketFrame frame) {
        return frame instanceof PlainText
                || frame instanceof PlainBinary
                || frame.content().readableBytes() < THRESHOLD_BYTES;
    }

    private static final class PlainText extends TextWebSocketFrame {
        PlainText(ByteBuf data) {
            super(data);
        }
    }

    private static final class PlainBinary extends BinaryWebSocketFrame {
        PlainBinary(ByteBuf data) {
            super(data);
        }
    }
}
