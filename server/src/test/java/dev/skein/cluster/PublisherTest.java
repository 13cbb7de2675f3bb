package dev.skein.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.metrics.SkeinMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The publisher against a fake Redis whose answers the test gives: order, pipelines, the bound, failures. */
class PublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final FakeRedis redis = new FakeRedis();
    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Publisher.class);
    private Publisher publisher;

    PublisherTest() {
        logLines.start();
        logger.addAppender(logLines);
    }

    @AfterEach
    void stop() {
        redis.answerEveryPipeline();
        if (publisher != null) {
            publisher.close();
        }
        logger.detachAppender(logLines);
        metrics.close();
    }

    @Test
    void publishesFromOneThreadLeaveInTheOrderTheyWereMadeInPipelinesOfAtMostMaxBatch() throws Exception {
        redis.answerEveryPipeline();
        publisher = Publisher.start(redis, "redis://fake", metrics, 100_000, 64);

        for (int i = 0; i < 10_000; i++) {
            publisher.publish("channel-" + (i % 7), number(i));
        }

        List<Publisher.Publish> sent = redis.awaitPublishes(10_000);
        assertThat(sent).extracting(PublisherTest::number).isEqualTo(range(10_000));
        assertThat(sent).extracting(Publisher.Publish::channel).startsWith("channel-0", "channel-1", "channel-2");
        assertThat(redis.pipelineSizes()).allMatch(size -> size >= 1 && size <= 64);
    }

    @Test
    void publishesFromSeveralThreadsKeepEachThreadsOrder() throws Exception {
        redis.answerEveryPipeline();
        publisher = Publisher.start(redis, "redis://fake", metrics, 100_000, 128);
        int threads = 4;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String channel = "thread-" + t;
            producers.add(started(() -> {
                awaitQuietly(start);
                for (int i = 0; i < each; i++) {
                    publisher.publish(channel, number(i));
                }
            }));
        }
        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }

        List<Publisher.Publish> sent = redis.awaitPublishes(threads * each);
        for (int t = 0; t < threads; t++) {
            String channel = "thread-" + t;
            assertThat(sent.stream().filter(p -> p.channel().equals(channel)))
                    .extracting(PublisherTest::number)
                    .as("the order of %s's publishes", channel)
                    .isEqualTo(range(each));
        }
    }

    @Test
    void aPipelineLeavesOnlyOnceRedisAnsweredTheOneBeforeAndTheNextHoldsAllThatWaited() throws Exception {
        publisher = Publisher.start(redis, "redis://fake", metrics, 1_000, 1_000);
        publisher.publish("c", number(0));
        Pipeline first = redis.nextPipeline();
        for (int i = 1; i <= 10; i++) {
            publisher.publish("c", number(i));
        }

        assertThat(redis.pipelines.poll(200, TimeUnit.MILLISECONDS))
                .as("no pipeline while Redis has not answered the one before")
                .isNull();
        first.answer().complete(null);
        Pipeline second = redis.nextPipeline();

        assertThat(first.publishes()).extracting(PublisherTest::number).containsExactly(0);
        assertThat(second.publishes()).extracting(PublisherTest::number).isEqualTo(range(1, 11));
    }

    @Test
    void beyondTheBoundAPublishIsDroppedCountedAndLoggedOnceAndTheCallerGoesOn() throws Exception {
        publisher = Publisher.start(redis, "redis://fake", metrics, 8, 1_000);
        publisher.publish("c", number(0));
        Pipeline stuck = redis.nextPipeline();

        for (int i = 1; i <= 13; i++) {
            publisher.publish("c", number(i));
        }
        CompletionStage<Void> tracked = publisher.publishTracked("c", number(14));

        assertThat(publisher.queued()).isEqualTo(8);
        assertThat(gauge("skein.cluster.publish.queue")).isEqualTo(8);
        assertThat(counter("skein.cluster.publishes.dropped")).isEqualTo(6);
        assertThat(tracked.toCompletableFuture())
                .as("a dropped tracked publish fails at once")
                .isCompletedExceptionally();
        assertThat(warnings())
                .singleElement()
                .asString()
                .contains(
                        "Cluster publishes to redis://fake are dropped: 8 already wait for Redis, the most a node queues")
                .contains("skein_cluster_publishes_dropped_total");

        redis.answerEveryPipeline();
        stuck.answer().complete(null);
        assertThat(redis.nextPipeline().publishes())
                .extracting(PublisherTest::number)
                .isEqualTo(range(1, 9));
        await().atMost(WAIT).until(() -> publisher.queued() == 0);
        publisher.publish("c", number(15));
        assertThat(redis.nextPipeline().publishes())
                .extracting(PublisherTest::number)
                .containsExactly(15);
        assertThat(infos()).anyMatch(line -> line.contains("are queued again"));
    }

    @Test
    void aFailedPipelineCountsEachOfItsPublishesFailsTheTrackedOnesAndIsLoggedOncePerRun() throws Exception {
        publisher = Publisher.start(redis, "redis://fake", metrics, 1_000, 1_000);
        publisher.publish("c", number(0));
        Pipeline first = redis.nextPipeline();
        publisher.publish("c", number(1));
        CompletionStage<Void> tracked = publisher.publishTracked("c", number(2));

        first.answer().completeExceptionally(new IllegalStateException("Connection refused"));
        redis.nextPipeline().answer().completeExceptionally(new IllegalStateException("Connection refused"));

        await().atMost(WAIT).until(() -> counter("skein.cluster.publish.failures") == 3);
        assertThat(tracked.toCompletableFuture()).isCompletedExceptionally();
        assertThat(warnings())
                .singleElement()
                .asString()
                .contains("Cluster publishes to redis://fake fail (Connection refused)");

        redis.answerEveryPipeline();
        publisher.publishTracked("c", number(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(infos()).anyMatch(line -> line.contains("Cluster publishes to redis://fake work again"));
    }

    @Test
    void aSinkThatThrowsFailsItsPipelineAndThePublisherGoesOn() throws Exception {
        Function<List<Publisher.Publish>, CompletionStage<Void>> throwsOnce = new Function<>() {
            private boolean thrown;

            @Override
            public CompletionStage<Void> apply(List<Publisher.Publish> batch) {
                if (!thrown) {
                    thrown = true;
                    throw new IllegalStateException("Redisson is shut down");
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        publisher = Publisher.start(throwsOnce::apply, "redis://fake", metrics, 1_000, 1_000);

        CompletionStage<Void> first = publisher.publishTracked("c", number(0));
        await().atMost(WAIT).until(() -> first.toCompletableFuture().isDone());
        publisher.publishTracked("c", number(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(first.toCompletableFuture()).isCompletedExceptionally();
        assertThat(counter("skein.cluster.publish.failures")).isEqualTo(1);
    }

    @Test
    void closeLetsTheQueuedPublishesGoOutAndRefusesLaterOnes() throws Exception {
        publisher = Publisher.start(redis, "redis://fake", metrics, 1_000, 2);
        publisher.publish("c", number(0));
        Pipeline first = redis.nextPipeline();
        for (int i = 1; i <= 4; i++) {
            publisher.publish("c", number(i));
        }

        Thread closing = started(publisher::close);
        redis.answerEveryPipeline();
        first.answer().complete(null);
        closing.join(WAIT.toMillis());

        assertThat(closing.isAlive()).isFalse();
        assertThat(redis.sentSoFar()).extracting(PublisherTest::number).isEqualTo(range(5));
        assertThat(publisher.publishTracked("c", number(5)).toCompletableFuture())
                .isCompletedExceptionally();
        publisher.close();
    }

    private double counter(String name) {
        return metrics.registry().counter(name).count();
    }

    private double gauge(String name) {
        return metrics.registry().get(name).gauge().value();
    }

    private List<String> warnings() {
        return lines(Level.WARN);
    }

    private List<String> infos() {
        return lines(Level.INFO);
    }

    private List<String> lines(Level level) {
        return logLines.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static byte[] number(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int number(Publisher.Publish publish) {
        return ByteBuffer.wrap(publish.message()).getInt();
    }

    private static List<Integer> range(int end) {
        return range(0, end);
    }

    private static List<Integer> range(int start, int end) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = start; i < end; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pipeline the publisher sent: its publishes, and the answer the test gives. */
    private record Pipeline(List<Publisher.Publish> publishes, CompletableFuture<Void> answer) {}

    /**
     * A Redis that records each pipeline; it answers none until {@link #answerEveryPipeline()}, after which
     * it answers each at once.
     */
    private static final class FakeRedis implements Publisher.Sink {
        final BlockingQueue<Pipeline> pipelines = new LinkedBlockingQueue<>();
        private final List<Publisher.Publish> sent = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();
        private volatile boolean answering;

        @Override
        public synchronized CompletionStage<Void> publishAll(List<Publisher.Publish> batch) {
            Pipeline pipeline = new Pipeline(List.copyOf(batch), new CompletableFuture<>());
            sent.addAll(batch);
            sizes.add(batch.size());
            pipelines.add(pipeline);
            if (answering) {
                pipeline.answer().complete(null);
            }
            return pipeline.answer();
        }

        void answerEveryPipeline() {
            answering = true;
        }

        Pipeline nextPipeline() throws InterruptedException {
            Pipeline next = pipelines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("a pipeline within %s", WAIT).isNotNull();
            return next;
        }

        List<Publisher.Publish> awaitPublishes(int count) {
            await().atMost(WAIT).until(() -> sentSoFar().size() >= count);
            return sentSoFar();
        }

        synchronized List<Publisher.Publish> sentSoFar() {
            return List.copyOf(sent);
        }

        synchronized List<Integer> pipelineSizes() {
            return List.copyOf(sizes);
        }
    }
}
