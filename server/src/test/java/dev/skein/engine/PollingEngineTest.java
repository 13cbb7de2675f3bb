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
import dev.skein.protocol.EngineFrame;
import dev.skein.socket.Namespaces;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's long-polling transport on embedded channels: the handshake, long-polls answered now or
 * later, POSTs, the Engine.IO answers to overlapping and cancelled long-polls and to malformed bodies, and
 * the heartbeat on a clock the test moves.
 */
class PollingEngineTest {
    private static final String PATH = "/socket.io/?EIO=4&transport=polling";

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final HashedWheelTimer wheel = new HashedWheelTimer();
    private final Namespaces namespaces = namespaces(metrics, wheel);
    private final SkeinConfig config = SkeinConfig.builder()
            .pingInterval(Duration.ofMillis(300))
            .pingTimeout(Duration.ofMillis(200))
            .build();
    private final EngineContext context = new EngineContext(EngineSettings.of(config), false, metrics);
    private final Readiness readiness = new Readiness();
    private final EngineRequestHandler handler = new EngineRequestHandler(
            "/socket.io/",
            config.transports(),
            false,
            context,
            namespaces::open,
            readiness,
            new WebSocketUpgrade(config.maxPayloadBytes(), false, false, context));

    private static Namespaces namespaces(SkeinMetrics metrics, HashedWheelTimer wheel) {
        Namespaces namespaces = new Namespaces(metrics, wheel, AdapterFactory.inMemory());
        namespaces.of("/");
        return namespaces;
    }

    /** The channel of the last handshake: its event loop is the session's home, where answers are queued. */
    private EmbeddedChannel home;

    @AfterEach
    void stop() {
        wheel.stop();
        metrics.close();
    }

    @Test
    void theHandshakeAnswersTheOpenPacketAndRegistersTheSession() {
        readiness.advanceTo(Readiness.State.READY);
        String open = body(exchange(new EmbeddedChannel(handler), request(HttpMethod.GET, PATH, null)));

        assertThat(open)
                .startsWith("0{\"sid\":\"")
                .contains(
                        "\"upgrades\":[\"websocket\"]",
                        "\"pingInterval\":300",
                        "\"pingTimeout\":200",
                        "\"maxPayload\":1000000");
        assertThat(context.registry().get(sid(open))).isNotNull();
    }

    @Test
    void aLongPollWaitsForTheConnectAnswerThatAPostCausesAndThePostIsAnsweredOk() {
        String sid = handshake();
        EmbeddedChannel poll = new EmbeddedChannel(handler);
        poll.writeInbound(request(HttpMethod.GET, PATH + "&sid=" + sid, null));
        assertThat((Object) poll.readOutbound()).as("nothing to send yet").isNull();

        FullHttpResponse posted =
                exchange(new EmbeddedChannel(handler), request(HttpMethod.POST, PATH + "&sid=" + sid, "40"));

        assertThat(body(posted)).isEqualTo("ok");
        home.runPendingTasks();
        assertThat(body(poll.readOutbound())).startsWith("40{\"sid\":\"");
    }

    @Test
    void aSecondLongPollAtOnceIsABadRequestAndEndsTheSession() {
        String sid = handshake();
        EmbeddedChannel first = new EmbeddedChannel(handler);
        first.writeInbound(request(HttpMethod.GET, PATH + "&sid=" + sid, null));

        FullHttpResponse second =
                exchange(new EmbeddedChannel(handler), request(HttpMethod.GET, PATH + "&sid=" + sid, null));

        assertThat(second.status().code()).isEqualTo(400);
        assertThat(body(second)).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(context.registry().get(sid)).isNull();
    }

    @Test
    void aMalformedPostIsABadRequestAndEndsOnlyItsSession() {
        String sid = handshake();
        String other = handshake();

        // "x" is no Engine.IO packet type
        FullHttpResponse answer =
                exchange(new EmbeddedChannel(handler), request(HttpMethod.POST, PATH + "&sid=" + sid, "x"));

        assertThat(answer.status().code()).isEqualTo(400);
        assertThat(context.registry().get(sid)).isNull();
        assertThat(context.registry().get(other)).isNotNull();
        assertThat(metrics.scrape()).contains("skein_packets_rejected_total{reason=\"malformed\"} 1.0");
    }

    @Test
    void aCancelledLongPollEndsTheSession() {
        String sid = handshake();
        EmbeddedChannel poll = new EmbeddedChannel(handler);
        poll.writeInbound(request(HttpMethod.GET, PATH + "&sid=" + sid, null));

        poll.close();

        assertThat(context.registry().get(sid)).isNull();
    }

    @Test
    void aLongPollLetThroughJustBeforeTheUpgradeIsABadRequestNotLeftWaitingForever() {
        String sid = handshake();
        Connection connection = context.registry().get(sid);
        EmbeddedChannel websocket = new EmbeddedChannel();
        connection.websocketOpened(websocket, false);
        connection.websocketFrame(websocket, EngineFrame.text("2probe"));
        connection.websocketFrame(websocket, EngineFrame.text("5"));
        websocket.runPendingTasks();

        // the request handler saw a polling session; the upgrade completed before the poll reached it
        EmbeddedChannel late = new EmbeddedChannel();
        connection.poll(late, true);

        FullHttpResponse answer = late.readOutbound();
        assertThat(answer)
                .as("an answer, not a long-poll that nothing will ever release")
                .isNotNull();
        assertThat(answer.status().code()).isEqualTo(400);
        assertThat(body(answer)).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
    }

    @Test
    void theServerPingsEveryIntervalAndClosesWithoutAPong() {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        readiness.advanceTo(Readiness.State.READY);
        String sid = sid(body(exchange(channel, request(HttpMethod.GET, PATH, null))));
        channel.writeInbound(request(HttpMethod.GET, PATH + "&sid=" + sid, null));

        advance(channel, 320);
        assertThat(body(channel.readOutbound())).isEqualTo("2");
        channel.writeInbound(request(HttpMethod.POST, PATH + "&sid=" + sid, "3"));
        assertThat(body(channel.readOutbound())).isEqualTo("ok");
        channel.writeInbound(request(HttpMethod.GET, PATH + "&sid=" + sid, null));
        advance(channel, 320);
        assertThat(body(channel.readOutbound()))
                .as("the next ping, after the pong")
                .isEqualTo("2");
        assertThat(context.registry().get(sid)).isNotNull();

        advance(channel, 220);
        assertThat(context.registry().get(sid)).as("no pong within pingTimeout").isNull();
    }

    private String handshake() {
        readiness.advanceTo(Readiness.State.READY);
        home = new EmbeddedChannel(handler);
        return sid(body(exchange(home, request(HttpMethod.GET, PATH, null))));
    }
}
