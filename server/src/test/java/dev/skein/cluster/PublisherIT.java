package dev.skein.cluster;

import static dev.skein.testing.JavaClients.emitWithAck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.metrics.SkeinMetrics;
import dev.skein.testing.Closing;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RedisServer;
import dev.skein.testing.RedisSubscriber;
import dev.skein.testing.TestNode;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.socket.client.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster publisher against a real {@code redis-server}, read back by a plain RESP subscriber: every
 * publish arrives, in order; Redis holding publishes ({@code CLIENT PAUSE ... WRITE}, which still answers
 * Redisson's {@code PING}s) neither blocks the caller nor grows the queue past its bound; a Redis that is
 * gone fails or drops each publish, counted.
 */
class PublisherIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final RedisServer redis = RedisServer.start();
    private final RedisLink link = RedisLink.connect(redis.url(), "publisher-it");
    private Publisher publisher;

    @AfterEach
    void stop() {
        Closing.all(publisher, link, redis, metrics);
    }

    @Test
    void everyPublishArrivesInTheOrderEachThreadMadeIt() throws Exception {
        publisher = start(Publisher.DEFAULT_CAPACITY);
        int threads = 3;
        int each = 20_000;
        try (RedisSubscriber subscriber = RedisSubscriber.psubscribe(redis, "order#*")) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                producers.add(started(() -> {
                    for (int i = 0; i < each; i++) {
                        publisher.publish("order#" + thread + "#" + (i % 100), pair(thread, i));
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join();
            }

            List<RedisSubscriber.Message> received = subscriber.next(threads * each, WAIT);
            int[] next = new int[threads];
            for (RedisSubscriber.Message message : received) {
                ByteBuffer pair = ByteBuffer.wrap(message.payload());
                int thread = pair.getInt();
                int i = pair.getInt();
                assertThat(i).as("thread %d's next publish", thread).isEqualTo(next[thread]++);
                assertThat(message.channel()).isEqualTo("order#" + thread + "#" + (i % 100));
            }
            assertThat(subscriber.next(Duration.ofMillis(200)))
                    .as("nothing twice")
                    .isNull();
        }
        assertThat(counter("skein.cluster.publish.failures")).isZero();
        assertThat(counter("skein.cluster.publishes.dropped")).isZero();
    }

    @Test
    void whileRedisHoldsPublishesTheCallerGoesOnTheQueueStopsAtItsBoundAndDropsAreCounted() throws Exception {
        publisher = start(100);
        try (RedisSubscriber subscriber = RedisSubscriber.psubscribe(redis, "held#*")) {
            redis.command("CLIENT", "PAUSE", "20000", "WRITE");
            publisher.publish("held#first", pair(0, 0));
            await().atMost(WAIT).until(() -> publisher.queued() == 0);

            for (int i = 1; i <= 500; i++) {
                publisher.publish("held#" + (i % 10), pair(0, i));
            }
            CompletionStage<Void> tracked = publisher.publishTracked("held#tracked", pair(0, 501));

            assertThat(publisher.queued()).isEqualTo(100);
            assertThat(counter("skein.cluster.publishes.dropped")).isEqualTo(401);
            assertThat(tracked.toCompletableFuture()).isCompletedExceptionally();
            assertThat(subscriber.next(Duration.ofMillis(100)))
                    .as("Redis holds the publishes")
                    .isNull();

            redis.command("CLIENT", "UNPAUSE");
            List<RedisSubscriber.Message> received = subscriber.next(101, WAIT);
            assertThat(received)
                    .extracting(message -> ByteBuffer.wrap(message.payload()).getInt(4))
                    .isEqualTo(range(101));
            await().atMost(WAIT).until(() -> publisher.queued() == 0);
        }
        assertThat(counter("skein.cluster.publish.failures")).isZero();
    }

    @Test
    void whenRedisIsGoneEveryPublishFailsOrIsDroppedAndCounted() throws Exception {
        publisher = start(100);
        publisher.publishTracked("gone#warm", pair(0, 0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.kill();

        for (int i = 0; i < 5_000; i++) {
            publisher.publish("gone#" + (i % 10), pair(0, i));
            assertThat(publisher.queued()).isLessThanOrEqualTo(100);
        }
        CompletionStage<Void> last = publisher.publishTracked("gone#last", pair(0, 5_000));

        await().atMost(WAIT)
                .until(() -> counter("skein.cluster.publish.failures") + counter("skein.cluster.publishes.dropped")
                        == 5_001);
        assertThat(last.toCompletableFuture()).isCompletedExceptionally();
        assertThat(counter("skein.cluster.publish.failures")).isPositive();
    }

    @Test
    void anEmitOnAnEventLoopReturnsWhileRedisHoldsPublishesAndTheOtherNodeGetsThemAllInOrderAfterwards()
            throws Exception {
        TestNode one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
        TestNode two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
        one.server()
                .sockets()
                .onConnection(socket -> socket.on("burst", (args, ack) -> {
                    for (int i = 0; i < 200; i++) {
                        one.server().to("burst-room").emit("seq", i);
                    }
                    ack.send(
                            Thread.currentThread() instanceof FastThreadLocalThread,
                            Thread.currentThread().getName());
                }));
        try (one;
                two;
                JavaClients clientsOfOne = new JavaClients(one.url());
                JavaClients clientsOfTwo = new JavaClients(two.url())) {
            Socket sender = clientsOfOne.connect("/");
            Socket member = clientsOfTwo.connect("/");
            emitWithAck(member, "join", new JSONObject().put("room", "burst-room"));
            BlockingQueue<Object> atMember = new LinkedBlockingQueue<>();
            member.on("seq", args -> atMember.add(args[0]));

            redis.command("CLIENT", "PAUSE", "20000", "WRITE");
            Object[] answer = emitWithAck(sender, "burst");

            assertThat(answer[0])
                    .as("the handler ran on a Netty event loop (%s)", answer[1])
                    .isEqualTo(true);
            assertThat(atMember.poll(100, TimeUnit.MILLISECONDS))
                    .as("nothing crossed while Redis holds the publishes")
                    .isNull();
            redis.command("CLIENT", "UNPAUSE");
            List<Object> received = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                received.add(atMember.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertThat(received).isEqualTo(range(200));
        }
    }

    private Publisher start(int capacity) {
        return Publisher.start(link::publishAll, link.address(), metrics, capacity, Publisher.DEFAULT_MAX_BATCH);
    }

    private double counter(String name) {
        return metrics.registry().counter(name).count();
    }

    private static byte[] pair(int thread, int i) {
        return ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
    }

    private static List<Object> range(int end) {
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }
}
