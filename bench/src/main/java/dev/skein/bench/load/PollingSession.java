package dev.skein.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.base64.Base64;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A session on the HTTP long-polling transport for its whole life: one lane long-polls, another posts
 * what the client sends (packets queued while a post is in flight go in the next one, separated by
 * {@code 0x1e}, as the official client does).
 */
final class PollingSession extends Session {
    private static final byte SEPARATOR = 0x1e;

    private final Endpoint endpoint;
    private final HttpLane pollLane;
    private final HttpLane postLane;
    private final StringBuilder outbox = new StringBuilder();

    PollingSession(
            Bootstrap bootstrap,
            EventLoop loop,
            Endpoint endpoint,
            int maxPayloadBytes,
            SessionListener listener,
            Object attachment) {
        super(listener, loop, attachment);
        this.endpoint = endpoint;
        this.pollLane = new HttpLane(bootstrap, loop, endpoint, maxPayloadBytes * 2);
        this.postLane = new HttpLane(bootstrap, loop, endpoint, maxPayloadBytes * 2);
        loop.execute(() -> pollLane.request(HttpMethod.GET, endpoint.path(Transport.POLLING, null), null, new Poll()));
    }

    @Override
    public void write(String enginePacket) {
        if (outbox.length() > 0) {
            outbox.append((char) SEPARATOR);
        }
        outbox.append(enginePacket);
    }

    @Override
    public void writeAttachment(byte[] data) {
        write("b" + java.util.Base64.getEncoder().encodeToString(data));
    }

    @Override
    public void flush() {
        if (eventLoop().inEventLoop()) {
            post();
        } else {
            eventLoop().execute(this::post);
        }
    }

    @Override
    public void close() {
        eventLoop().execute(() -> {
            pollLane.close();
            postLane.close();
            closed("client closed");
        });
    }

    private void poll() {
        if (!isClosed()) {
            pollLane.request(HttpMethod.GET, endpoint.path(Transport.POLLING, sid()), null, new Poll());
        }
    }

    private void post() {
        if (outbox.length() == 0 || postLane.busy() || sid() == null || isClosed()) {
            return;
        }
        ByteBuf body = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, outbox);
        outbox.setLength(0);
        postLane.request(HttpMethod.POST, endpoint.path(Transport.POLLING, sid()), body, new Post());
    }

    private void onPayload(ByteBuf payload) {
        int end = payload.writerIndex();
        int from = payload.readerIndex();
        while (from < end && !isClosed()) {
            int separator = payload.indexOf(from, end, SEPARATOR);
            int to = separator < 0 ? end : separator;
            onPacket(payload.slice(from, to - from));
            from = to + 1;
        }
    }

    private void onPacket(ByteBuf packet) {
        if (packet.isReadable() && packet.getByte(packet.readerIndex()) == 'b') {
            ByteBuf data = Base64.decode(packet.slice(packet.readerIndex() + 1, packet.readableBytes() - 1));
            try {
                onBinaryPacket(data);
            } finally {
                data.release();
            }
        } else {
            onTextPacket(packet);
        }
    }

    private final class Poll implements HttpLane.Callback {
        @Override
        public void onResponse(FullHttpResponse response) {
            if (!response.status().equals(HttpResponseStatus.OK)) {
                closed("poll answered " + response.status().code());
                postLane.close();
                return;
            }
            onPayload(response.content());
            // the handshake's answer set the sid: from then on, one long-poll always waits
            poll();
        }

        @Override
        public void onFailure(Throwable cause) {
            closed("poll failed: " + cause);
            postLane.close();
        }
    }

    private final class Post implements HttpLane.Callback {
        @Override
        public void onResponse(FullHttpResponse response) {
            if (!response.status().equals(HttpResponseStatus.OK)) {
                closed("post answered " + response.status().code());
                pollLane.close();
                return;
            }
            post();
        }

        @Override
        public void onFailure(Throwable cause) {
            closed("post failed: " + cause);
            pollLane.close();
        }
    }
}
