package dev.skein.engine;

import dev.skein.adapter.AdapterFactory;
import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.DecoderLimits;
import dev.skein.socket.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.HashedWheelTimer;
import java.nio.charset.StandardCharsets;

/**
 * One node's engine on embedded channels, for the fuzz tests: the real pipeline ({@link EngineInitializer},
 * request handler, websocket upgrade, Socket.IO sessions on "/" whose {@code e} event acknowledges with its
 * own arguments), small limits, and the count of errors no handler expected. Not thread-safe.
 */
final class EmbeddedEngine implements AutoCloseable {
    static final int MAX_PAYLOAD = 4_096;

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final HashedWheelTimer wheel = new HashedWheelTimer();
    private final SkeinConfig config =
            SkeinConfig.builder().maxPayloadBytes(MAX_PAYLOAD).allowEio3(true).build();
    private final EngineContext context = new EngineContext(EngineSettings.of(config), false, metrics);
    private final EngineInitializer initializer;

    EmbeddedEngine() {
        Namespaces namespaces = new Namespaces(
                metrics,
                wheel,
                AdapterFactory.inMemory(),
                config.limits(),
                new DecoderLimits(
                        DecoderLimits.DEFAULT_MAX_JSON_DEPTH, DecoderLimits.DEFAULT_MAX_ATTACHMENTS, MAX_PAYLOAD));
        namespaces
                .of("/")
                .onConnection(socket ->
                        socket.on("e", (args, ack) -> ack.send(args.asList().toArray())));
        Readiness readiness = new Readiness();
        readiness.advanceTo(Readiness.State.READY);
        EngineRequestHandler endpoint = new EngineRequestHandler(
                Engine.PATH,
                config.transports(),
                true,
                context,
                namespaces::open,
                readiness,
                new WebSocketUpgrade(MAX_PAYLOAD, false, false, context));
        this.initializer = new EngineInitializer(
                config,
                metrics,
                context.limits(),
                null,
                new CorsHandler(new OriginPolicy(config.corsOrigins()), Engine.PATH, metrics),
                new PassThrough(),
                endpoint,
                null);
    }

    /** A new client connection through the real pipeline. */
    EmbeddedChannel connect() {
        return new EmbeddedChannel(initializer);
    }

    /** A websocket-only session on its own channel, joined to "/", with what it was sent so far discarded. */
    EmbeddedChannel websocketSession() {
        EmbeddedChannel channel = connect();
        String request = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        channel.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x1, true, "40".getBytes(StandardCharsets.UTF_8))));
        channel.runPendingTasks();
        drain(channel);
        return channel;
    }

    /** A client's frame: masked, with {@code opcode} and the FIN bit as given. */
    static byte[] maskedFrame(int opcode, boolean fin, byte[] payload) {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (opcode & 0x0F));
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads and releases what {@code channel} wrote; returns how many bytes. */
    static long drain(EmbeddedChannel channel) {
        long bytes = 0;
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            if (out instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
            }
            io.netty.util.ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    /** Ends {@code channel} and every session still open, as their connections' end would. */
    void finish(EmbeddedChannel channel) {
        for (Connection connection : context.registry().all()) {
            connection.close("fuzz case over");
        }
        channel.runPendingTasks();
        channel.close();
        channel.runPendingTasks();
        drain(channel);
        channel.finishAndReleaseAll();
    }

    /** Errors that reached the last handler without being a known kind of bad input. */
    double unexpectedErrors() {
        return metrics.registry().counter("skein.connection.errors.unexpected").count();
    }

    int liveSessions() {
        return context.registry().size();
    }

    @Override
    public void close() {
        wheel.stop();
        metrics.close();
    }

    /** The static site's place in the pipeline: passes everything on. */
    @ChannelHandler.Sharable
    private static final class PassThrough extends ChannelInboundHandlerAdapter {}
}
