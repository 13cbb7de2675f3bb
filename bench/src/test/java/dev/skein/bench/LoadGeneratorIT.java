package dev.skein.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.LoadGenerator;
import dev.skein.bench.load.Message;
import dev.skein.bench.load.PacedSender;
import dev.skein.bench.load.Transport;
import dev.skein.bench.system.Cluster;
import dev.skein.bench.system.NodeSystem;
import dev.skein.bench.system.RedisProcess;
import dev.skein.bench.system.ServerSystem;
import dev.skein.bench.system.SkeinSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The load generator's correctness check: unchanged, it speaks to Skein and to the official Node.js server,
 * over both transports, text and binary, on one node and across two over Redis; every message reaches every
 * receiver exactly once with its latency stamp. Counts are tiny and nothing is timed.
 */
class LoadGeneratorIT {
    private static final Path REPO =
            Path.of(System.getProperty("skein.repoDir", "..")).toAbsolutePath().normalize();
    private static final int RECEIVERS = 6;
    private static final int MESSAGES = 20;

    private static LoadGenerator generator;
    private static RedisProcess redis;

    @BeforeAll
    static void start() {
        generator = new LoadGenerator(1);
        redis = RedisProcess.start(logDir());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (generator != null) {
            generator.close();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of("skein", "node").flatMap(system -> Stream.of(Transport.values())
                .flatMap(transport -> Stream.of(false, true).flatMap(binary -> Stream.of(1, 2)
                        .map(nodes -> Arguments.of(system, transport, binary, nodes)))));
    }

    @ParameterizedTest(name = "{0}, {1}, binary={2}, {3} node(s)")
    @MethodSource("cases")
    void everyRoomMessageReachesEveryReceiverOnceWithItsStamp(
            String name, Transport transport, boolean binary, int nodes) {
        ServerSystem system = system(name);
        try (Cluster cluster = system.start(nodes, nodes > 1 ? redis : null, logDir());
                Crowd receivers = new Crowd(generator);
                Crowd publisher = new Crowd(generator)) {
            receivers.connect(RECEIVERS, cluster::endpoint, i -> "smoke", transport, 10, Duration.ofSeconds(30));
            publisher.connect(1, i -> cluster.endpoint(0), i -> null, transport, 1, Duration.ofSeconds(30));
            assertThat(receivers.ready())
                    .as("receivers joined: %s", receivers.closeReasons())
                    .isEqualTo(RECEIVERS);
            assertThat(publisher.ready()).as("publisher greeted").isEqualTo(1);

            assertThat(publisher.closed())
                    .as("publisher lost: %s", publisher.closeReasons())
                    .isZero();
            Message message = binary ? Message.binaryRoomEvent("smoke", 40) : Message.roomEvent("smoke", 40);
            receivers.openWindow();
            PacedSender sender = PacedSender.start(publisher.sessions(), 200, s -> message);
            awaitSent(sender, publisher);
            sender.close();
            sleep(50);
            receivers.closeWindow();
            long expected = sender.sent() * RECEIVERS;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (receivers.received() < expected && System.nanoTime() < deadline) {
                sleep(20);
            }
            sleep(200);
            assertThat(receivers.received()).isEqualTo(expected);
            assertThat(receivers.receivedFromWindow()).isEqualTo(expected);
            assertThat(receivers.windowLatency().getTotalCount()).isEqualTo(expected);
            assertThat(receivers.closed())
                    .as("no receiver lost: %s", receivers.closeReasons())
                    .isZero();
        }
    }

    private static void awaitSent(PacedSender sender, Crowd publisher) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sender.sent() < MESSAGES && System.nanoTime() < deadline) {
            sleep(1);
        }
        assertThat(sender.sent())
                .as("messages sent (publisher's session ended: %s)", publisher.closeReasons())
                .isGreaterThanOrEqualTo(MESSAGES);
    }

    private static ServerSystem system(String name) {
        return name.equals("skein")
                ? new SkeinSystem(REPO.resolve("server/target/skein-server.jar"), "-Xmx256m", Map.of())
                : new NodeSystem(REPO.resolve("bench/peer"));
    }

    private static Path logDir() {
        return REPO.resolve("bench/target/it-logs");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
