package dev.skein.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.metrics.SkeinMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Redis watch against a fake ping: the flag, the gauge, the outage counter, one log line per change. */
class RedisWatchTest {
    private final SkeinMetrics metrics = new SkeinMetrics();
    private final AtomicBoolean answers = new AtomicBoolean(true);
    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RedisWatch.class);
    private final RedisWatch watch = RedisWatch.unstarted(within -> answers.get(), "redis://fake", metrics);

    RedisWatchTest() {
        logLines.start();
        logger.addAppender(logLines);
    }

    @AfterEach
    void stop() {
        watch.close();
        logger.detachAppender(logLines);
        metrics.close();
    }

    @Test
    void anOutageFlipsTheFlagAndGaugeOnceAndLogsOneLineEachWay() {
        watch.check();
        assertThat(watch.isUp()).isTrue();
        assertThat(gauge()).isEqualTo(1.0);

        answers.set(false);
        for (int i = 0; i < 5; i++) {
            watch.check();
        }
        assertThat(watch.isUp()).isFalse();
        assertThat(gauge()).isEqualTo(0.0);
        assertThat(outages()).isEqualTo(1.0);

        answers.set(true);
        for (int i = 0; i < 5; i++) {
            watch.check();
        }
        assertThat(watch.isUp()).isTrue();
        assertThat(gauge()).isEqualTo(1.0);

        assertThat(logLines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logLines.list.get(0).getFormattedMessage()).contains("redis://fake does not answer");
        assertThat(logLines.list.get(1).getFormattedMessage()).contains("redis://fake answers again after");
    }

    @Test
    void aPingThatThrowsCountsAsDownAndTwoOutagesCountTwice() {
        RedisWatch throwing = RedisWatch.unstarted(
                within -> {
                    if (!answers.get()) {
                        throw new IllegalStateException("connection refused");
                    }
                    return true;
                },
                "redis://fake",
                new SkeinMetrics());
        answers.set(false);
        throwing.check();
        assertThat(throwing.isUp()).isFalse();
        throwing.close();

        answers.set(false);
        watch.check();
        answers.set(true);
        watch.check();
        answers.set(false);
        watch.check();
        assertThat(outages()).isEqualTo(2.0);
        assertThat(watch.isUp()).isFalse();
    }

    private double gauge() {
        return metrics.registry().get("skein.cluster.redis.up").gauge().value();
    }

    private double outages() {
        return metrics.registry().counter("skein.cluster.redis.outages").count();
    }
}
