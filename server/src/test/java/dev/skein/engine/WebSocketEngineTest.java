package dev.skein.engine;

import static dev.skein.engine.EmbeddedHttp.advance;
import static dev.skein.engine.EmbeddedHttp.body;
import static dev.skein.engine.EmbeddedHttp.exchange;
import static dev.skein.engine.EmbeddedHttp.request;
import static dev.skein.engine.EmbeddedHttp.sid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.adapter.AdapterFactory;
import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.HashedWheelTimer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's websockets on embedded channels, through the real pipeline ({@link EngineInitializer}): the
 * upgrade from polling (probe, the pending long-poll released, a long-poll during the pause held, 400 after
 * the UPGRADE, the upgrade timeout), the fan-out's shared frame bytes, and the bound of a client's queue.
 */
class WebSocketEngineTest {
    private static final String POLLING = "/socket.io/?EIO=4&transport=polling";
    private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";
    private static final int MAX_QUEUED = 8;

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final HashedWheelTimer wheel = new HashedWheelTimer();
    private final Namespaces namespaces = new Namespaces(metrics, wheel, AdapterFactory.inMemory());
    private final SkeinConfig config = SkeinConfig.builder()
            .pingInterval(Duration.ofSeconds(60))
            .pingTimeout(Duration.ofSeconds(60))
            .maxQueuedPacketsPerClient(MAX_QUEUED)
            .build();
    private final EngineContext context = new EngineContext(EngineSettings.of(config), false, metrics);
    private final Readiness readiness = new Readiness();
    private final EngineRequestHandler endpoint = new EngineRequestHandler(
            Engine.PATH,
            config.transports(),
            false,
            context,
            namespaces::open,
            readiness,
            new WebSocketUpgrade(config.maxPayloadBytes(), false, false, context));
    private final EngineInitializer initializer = new EngineInitializer(
            config,
            metrics,
            context.limits(),
            null,
            new CorsHandler(new OriginPolicy(config.corsOrigins()), Engine.PATH, metrics),
            new PassThrough(),
            endpoint,
            null);

    WebSocketEngineTest() {
        namespaces.of("/");
        readiness.advanceTo(Readiness.State.READY);
    }

    @AfterEach
    void stop() {
        wheel.stop();
        metrics.close();
    }

    @Test
    void theProbeReleasesThePendingLongPollAndALongPollStillPendingAtTheUpgradeGets400() {
        EmbeddedChannel home = new EmbeddedChannel(endpoint);
        String sid = sid(body(exchange(home, get(POLLING))));
        EmbeddedChannel firstPoll = new EmbeddedChannel(endpoint);
        firstPoll.writeInbound(get(POLLING + "&sid=" + sid));
        EmbeddedChannel probe = websocket(sid);

        sendText(probe, "2probe");
        home.runPendingTasks();

        assertThat(texts(probe)).containsExactly("3probe");
        assertThat(body(firstPoll.readOutbound()))
                .as("released for the client to pause")
                .isEqualTo("6");

        EmbeddedChannel lateGet = new EmbeddedChannel(endpoint);
        lateGet.writeInbound(get(POLLING + "&sid=" + sid));
        home.runPendingTasks();
        assertThat((Object) lateGet.readOutbound()).as("held during the pause").isNull();

        sendText(probe, "5");
        home.runPendingTasks();
        FullHttpResponse refused = lateGet.readOutbound();
        assertThat(refused.status().code()).isEqualTo(400);
        assertThat(body(refused)).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");

        sendText(probe, "40");
        probe.runPendingTasks();
        assertThat(texts(probe)).singleElement().asString().startsWith("40{\"sid\":\"");
        assertThat(context.registry().get(sid).transport()).isEqualTo(dev.skein.config.Transport.WEBSOCKET);
    }

    @Test
    void aLongPollDuringThePauseIsReleasedWithANoopAfterTheCheckInterval() {
        EmbeddedChannel home = new EmbeddedChannel(endpoint);
        String sid = sid(body(exchange(home, get(POLLING))));
        EmbeddedChannel probe = websocket(sid);
        sendText(probe, "2probe");
        assertThat(texts(probe)).containsExactly("3probe");

        EmbeddedChannel poll = new EmbeddedChannel(endpoint);
        poll.writeInbound(get(POLLING + "&sid=" + sid));
        home.runPendingTasks();
        assertThat((Object) poll.readOutbound()).isNull();

        advance(home, 120);

        assertThat(body(poll.readOutbound())).isEqualTo("6");
        assertThat(context.registry().get(sid)).as("still a polling session").isNotNull();
    }

    @Test
    void aProbeThatDoesNotUpgradeWithinTheUpgradeTimeoutIsClosedAndTheSessionKeepsPollingAndMayProbeAgain() {
        EmbeddedChannel home = new EmbeddedChannel(endpoint);
        String sid = sid(body(exchange(home, get(POLLING))));
        EmbeddedChannel probe = websocket(sid);

        advance(home, EngineSettings.UPGRADE_TIMEOUT.toMillis() + 50);
        probe.runPendingTasks();

        assertThat(probe.isOpen()).isFalse();
        assertThat(context.registry().get(sid).transport()).isEqualTo(dev.skein.config.Transport.POLLING);

        EmbeddedChannel second = websocket(sid);
        sendText(second, "2probe");
        assertThat(texts(second)).as("a new probe is answered").containsExactly("3probe");
    }

    @Test
    void aBroadcastWritesTheSameFrameBytesToEveryWebsocket() {
        EmbeddedChannel first = connectedWebsocket();
        EmbeddedChannel second = connectedWebsocket();

        namespaces.of("/").emit("news", "hello");
        first.runPendingTasks();
        second.runPendingTasks();

        ByteBuf toFirst = first.readOutbound();
        ByteBuf toSecond = second.readOutbound();
        assertThat(text(toFirst.duplicate())).isEqualTo("42[\"news\",\"hello\"]");
        assertThat(text(toSecond.duplicate())).isEqualTo("42[\"news\",\"hello\"]");
        assertThat(toFirst.array()).as("framed once, written to both").isSameAs(toSecond.array());
        toFirst.release();
        toSecond.release();
    }

    @Test
    void aClientThatCannotTakeMoreDropsVolatilePacketsThenIsCutOffAtItsQueueBound() {
        EmbeddedChannel stalled = connectedWebsocket();
        EmbeddedChannel healthy = connectedWebsocket();
        stalled.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        namespaces.of("/").to().asVolatile().emit("tick", 1);
        stalled.runPendingTasks();
        assertThat(metrics.scrape()).contains("skein_packets_dropped_volatile_total 1.0");

        for (int i = 0; i <= MAX_QUEUED; i++) {
            namespaces.of("/").emit("flood", i);
        }
        stalled.runPendingTasks();
        healthy.runPendingTasks();

        assertThat(metrics.scrape()).contains("skein_clients_disconnected_slow_total 1.0");
        assertThat(context.registry().size())
                .as("only the stalled client is gone")
                .isEqualTo(1);
        assertThat(texts(healthy)).hasSize(MAX_QUEUED + 2);
    }

    /** A websocket-only session on its own channel, connected to "/" (its outbound read empty). */
    private EmbeddedChannel connectedWebsocket() {
        EmbeddedChannel channel = open(WEBSOCKET);
        assertThat(texts(channel)).singleElement().asString().startsWith("0{\"sid\":\"");
        sendText(channel, "40");
        channel.runPendingTasks();
        assertThat(texts(channel)).singleElement().asString().startsWith("40{\"sid\":\"");
        return channel;
    }

    /** A probe websocket for the polling session {@code sid}. */
    private EmbeddedChannel websocket(String sid) {
        return open(WEBSOCKET + "&sid=" + sid);
    }

    /** A channel through the real pipeline that asked to upgrade to a websocket at {@code uri}. */
    private EmbeddedChannel open(String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        String request = "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        ByteBuf response = channel.readOutbound();
        assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        response.release();
        return channel;
    }

    /** Sends a masked text frame, as a client does. */
    private static void sendText(EmbeddedChannel channel, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        byte[] mask = {1, 2, 3, 4};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(frame.toByteArray()));
    }

    /** The text frames the server wrote to {@code channel} since the last read. */
    private static List<String> texts(EmbeddedChannel channel) {
        List<String> texts = new ArrayList<>();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) out;
            while (bytes.isReadable()) {
                texts.add(text(bytes));
            }
            bytes.release();
        }
        return texts;
    }

    /** Reads one unmasked server frame of less than 64 KiB from {@code bytes}: its payload as text. */
    private static String text(ByteBuf bytes) {
        bytes.readByte();
        int length = bytes.readByte() & 0x7F;
        if (length == 126) {
            length = bytes.readUnsignedShort();
        }
        return bytes.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    private static FullHttpRequest get(String uri) {
        return request(HttpMethod.GET, uri, null);
    }

    /** The static site's place in the pipeline: passes everything on. */
    @ChannelHandler.Sharable
    private static final class PassThrough extends ChannelInboundHandlerAdapter {}
}
