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
import dev.skein.socket.Deadline;
import dev.skein.socket.Namespaces;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection's deadlines on its loop's timer wheel, on an embedded loop whose clock the test moves. */
class LoopDeadlineTest {
    private final SkeinMetrics metrics = new SkeinMetrics();
    private final HashedWheelTimer wheel = new HashedWheelTimer();
    private final SkeinConfig config = SkeinConfig.builder()
            .pingInterval(Duration.ofSeconds(60))
            .connectTimeout(Duration.ofSeconds(60))
            .build();
    private final EngineContext context = new EngineContext(EngineSettings.of(config), false, metrics);
    private final Readiness readiness = new Readiness();
    private final AtomicInteger fired = new AtomicInteger();
    private EmbeddedChannel home;
    private Connection connection;

    @BeforeEach
    void handshake() {
        Namespaces namespaces = new Namespaces(metrics, wheel, AdapterFactory.inMemory());
        EngineRequestHandler handler = new EngineRequestHandler(
                "/socket.io/",
                config.transports(),
                false,
                context,
                namespaces::open,
                readiness,
                new WebSocketUpgrade(config.maxPayloadBytes(), false, false, context));
        readiness.advanceTo(Readiness.State.READY);
        home = new EmbeddedChannel(handler);
        String open = body(exchange(home, request(HttpMethod.GET, "/socket.io/?EIO=4&transport=polling", null)));
        connection = context.registry().get(sid(open));
    }

    @AfterEach
    void stop() {
        wheel.stop();
        metrics.close();
    }

    @Test
    void theActionRunsOnceTheDelayHasPassedAndNotBefore() {
        Deadline deadline = connection.newDeadline(fired::incrementAndGet);

        deadline.arm(Duration.ofMillis(200));
        advance(home, 180);
        assertThat(fired).hasValue(0);
        advance(home, 40);
        assertThat(fired).hasValue(1);
        advance(home, 1_000);
        assertThat(fired).hasValue(1);
    }

    @Test
    void reArmingMovesTheDeadlineAndCancellingClearsIt() {
        Deadline deadline = connection.newDeadline(fired::incrementAndGet);

        deadline.arm(Duration.ofMillis(100));
        advance(home, 50);
        deadline.arm(Duration.ofMillis(300));
        advance(home, 200);
        assertThat(fired).hasValue(0);
        advance(home, 120);
        assertThat(fired).hasValue(1);

        deadline.arm(Duration.ofMillis(100));
        deadline.cancel();
        advance(home, 500);
        assertThat(fired).hasValue(1);
    }

    @Test
    void aClosedConnectionNeverRunsIt() {
        Deadline deadline = connection.newDeadline(fired::incrementAndGet);
        deadline.arm(Duration.ofMillis(100));

        connection.close("test");
        advance(home, 300);
        deadline.arm(Duration.ofMillis(10));
        advance(home, 100);

        assertThat(fired).hasValue(0);
    }

    @Test
    void hugeAndNegativeDelaysAreCutNotRefused() {
        Deadline far = connection.newDeadline(() -> fired.addAndGet(100));
        Deadline past = connection.newDeadline(fired::incrementAndGet);

        far.arm(Duration.ofDays(1_000_000));
        past.arm(Duration.ofSeconds(-5));
        advance(home, 30);

        assertThat(fired).hasValue(1);
    }
}
