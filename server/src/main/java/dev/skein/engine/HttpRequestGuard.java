package dev.skein.engine;

import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a connection while it speaks HTTP, between the HTTP decoder and the body aggregator: a request must
 * arrive whole (headers and body) within the request timeout of its first byte, and a connection may wait
 * for its next request no longer than that either (a slowloris that trickles its headers, or a client that
 * connects and says nothing, is closed; a request cut off gets {@code 408}). A long-poll waiting for its
 * answer is not timed here: the session's heartbeat bounds it. A request Netty's decoder could not read (a
 * request line over 4,096 bytes, headers over 8,192 bytes, a broken chunk) is answered {@code 414}, {@code
 * 431} or {@code 400} and its connection closed, instead of travelling on as a request, and one of another
 * HTTP version than 1.x (the HTTP/2 preface) gets {@code 505}, and one whose {@code Transfer-Encoding} is
 * anything but {@code chunked} gets {@code 400}. Each is counted in
 * {@code skein_packets_rejected_total}. One per channel; the websocket upgrade removes it.
 */
final class HttpRequestGuard extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestGuard.class);

    private enum State {
        /** Before a request's first byte: a new connection, or a keep-alive one between requests; timed. */
        IDLE,
        /** A request's bytes are arriving; timed. */
        READING,
        /** The request arrived whole and waits for its answer; not timed. */
        ANSWERING,
        /** A request was refused and the connection is closing: whatever else arrives is dropped. */
        REFUSED
    }

    private final long timeoutNanos;
    private final SkeinMetrics metrics;
    private State state = State.IDLE;
    private boolean informational;
    /** The request being read was answered already (a 413 before its body ended). */
    private boolean answeredEarly;
    /** A request ended in the read now being handled: its end, not new bytes, is what this read brought. */
    private boolean requestEndedInThisRead;

    private ScheduledFuture<?> timer;

    HttpRequestGuard(Duration timeout, SkeinMetrics metrics) {
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.REFUSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof DecoderResultProvider decoded
                && decoded.decoderResult().isFailure()) {
            Throwable cause = decoded.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            refuse(ctx, statusOf(cause), cause.toString());
            return;
        }
        if (msg instanceof HttpRequest request && !plainChunkedOrNone(request)) {
            // "chunked, xchunked" and the like: Netty 4.2.7 reads them as chunked where a proxy in front may
            // not (request smuggling, CVE-2026-42581); no client of ours sends another transfer coding
            ReferenceCountUtil.release(msg);
            refuse(ctx, 400, "Transfer-Encoding other than chunked");
            return;
        }
        if (msg instanceof HttpRequest request && request.protocolVersion().majorVersion() != 1) {
            // "PRI * HTTP/2.0", the HTTP/2 preface: this port speaks HTTP/1.1 only
            ReferenceCountUtil.release(msg);
            refuse(ctx, 505, "HTTP version " + request.protocolVersion());
            return;
        }
        if (msg instanceof HttpObject) {
            startReading(ctx);
            if (msg instanceof LastHttpContent) {
                requestEndedInThisRead = true;
                requestRead(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // bytes arrived even if the decoder made nothing of them yet (headers trickling in); but a read that
        // ended a request (answered at once, the connection idle again) brought no new one
        if (!requestEndedInThisRead) {
            startReading(ctx);
        }
        requestEndedInThisRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent && !informational) {
            ChannelPromise answered = promise.unvoid();
            answered.addListener((ChannelFutureListener) f -> answered(ctx));
            ctx.write(msg, answered);
            return;
        }
        ctx.write(msg, promise);
    }

    private void startReading(ChannelHandlerContext ctx) {
        if (state == State.IDLE) {
            state = State.READING;
            arm(ctx);
        }
    }

    /** The request's last part arrived: it waits for its answer, or (answered early) the next request does. */
    private void requestRead(ChannelHandlerContext ctx) {
        if (answeredEarly) {
            answeredEarly = false;
            state = State.IDLE;
            arm(ctx);
            return;
        }
        state = State.ANSWERING;
        cancel();
    }

    /** The answer to the last request is written: the connection waits for the next one. */
    private void answered(ChannelHandlerContext ctx) {
        if (state == State.READING) {
            // answered before it was read whole: the rest of it is still timed
            answeredEarly = true;
        } else if (state == State.ANSWERING && ctx.channel().isActive()) {
            state = State.IDLE;
            arm(ctx);
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> expired(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        if (state == State.IDLE) {
            log.trace("Closing idle connection {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        if (state == State.READING) {
            metrics.packetRejected("http request timeout");
            log.debug(
                    "Closing {}: its request did not arrive in time",
                    ctx.channel().remoteAddress());
            state = State.REFUSED;
            if (answeredEarly) {
                ctx.close();
                return;
            }
            HttpResponses.send(ctx.channel(), HttpResponses.text(408, "Request Timeout"));
        }
    }

    private void refuse(ChannelHandlerContext ctx, int status, String why) {
        cancel();
        boolean answerable = state != State.ANSWERING && !answeredEarly;
        state = State.REFUSED;
        metrics.packetRejected("bad http request");
        log.debug("Closing {}: unreadable HTTP request: {}", ctx.channel().remoteAddress(), why);
        if (!answerable) {
            // an answer to the previous request is still due: another one now would be out of order
            ctx.close();
            return;
        }
        HttpResponses.send(ctx.channel(), HttpResponses.text(status, reasonOf(status)));
    }

    private static boolean plainChunkedOrNone(HttpRequest request) {
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        return codings.isEmpty()
                || (codings.size() == 1
                        && "chunked".equalsIgnoreCase(codings.get(0).trim()));
    }

    private static int statusOf(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        return cause instanceof TooLongHttpHeaderException ? 431 : 400;
    }

    private static String reasonOf(int status) {
        return switch (status) {
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 505 -> "HTTP Version Not Supported";
            default -> "Bad Request";
        };
    }
}
