package dev.skein.examples;

import dev.skein.emitter.EmitterException;
import dev.skein.emitter.SkeinEmitter;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend job that pushes a ticking message to one room every second, through Redis, to whichever
 * node each client of the room is connected to. It emits the demo page's {@code my_response} event, so
 * a page that joined the room shows each tick.
 *
 * <pre>{@code
 * java -jar examples/target/skein-ticker-job.jar --redis-url redis://localhost:6379 --room lobby
 * }</pre>
 *
 * Flags (each also an environment variable): {@code --redis-url} ({@code SKEIN_REDIS_URL}, default
 * {@code redis://localhost:6379}), {@code --room} ({@code TICKER_ROOM}, {@code lobby}), {@code
 * --namespace} ({@code TICKER_NAMESPACE}, {@code /}), {@code --interval-ms} ({@code TICKER_INTERVAL_MS},
 * {@code 1000}), {@code --count} ({@code TICKER_COUNT}, {@code 0}: until stopped). Stops on Ctrl-C or
 * {@code SIGTERM}.
 */
public final class TickerJob {
    private static final Logger log = LoggerFactory.getLogger(TickerJob.class);

    private TickerJob() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ticker-job: " + e.getMessage());
            System.err.println("usage: java -jar skein-ticker-job.jar [--redis-url redis://host:6379] [--room lobby]"
                    + " [--namespace /] [--interval-ms 1000] [--count 0]");
            System.exit(2);
            return;
        }
        URI redisUrl = URI.create(options.get("redis-url"));
        String room = options.get("room");
        long intervalMs = Long.parseLong(options.get("interval-ms"));
        long count = Long.parseLong(options.get("count"));

        RedissonClient redisson = Redisson.create(redissonConfig(redisUrl));
        SkeinEmitter toRoom =
                SkeinEmitter.create(redisson).of(options.get("namespace")).to(room);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ticker"));
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong ticks = new AtomicLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ticker.shutdownNow();
            redisson.shutdown();
            done.countDown();
        }));

        log.info(
                "Ticking to room {} of {} every {} ms through {}",
                room,
                toRoom.namespace(),
                intervalMs,
                redacted(redisUrl));
        ticker.scheduleAtFixedRate(
                () -> {
                    long n = ticks.incrementAndGet();
                    Map<String, Object> tick = new LinkedHashMap<>();
                    tick.put("data", "tick " + n + " from the ticker job");
                    tick.put("count", n);
                    tick.put("room", room);
                    tick.put("time", Instant.now().toString());
                    try {
                        toRoom.emit("my_response", tick);
                        log.info("tick {}", n);
                    } catch (EmitterException e) {
                        log.warn("tick {} lost: {}", n, e.getMessage());
                    }
                    if (count > 0 && n >= count) {
                        ticker.shutdown();
                        done.countDown();
                    }
                },
                0,
                intervalMs,
                TimeUnit.MILLISECONDS);
        done.await();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        redisson.shutdown();
    }

    private static Config redissonConfig(URI url) {
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.useSingleServer()
                .setAddress(url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()))
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0);
        String userInfo = url.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                config.setUsername(userInfo.substring(0, colon));
            }
            config.setPassword(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        }
        return config;
    }

    private static String redacted(URI url) {
        return url.getScheme() + "://" + (url.getUserInfo() == null ? "" : "***@") + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Flags win over environment variables, which win over defaults. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("redis-url", env("SKEIN_REDIS_URL", "redis://localhost:6379"));
        options.put("room", env("TICKER_ROOM", "lobby"));
        options.put("namespace", env("TICKER_NAMESPACE", "/"));
        options.put("interval-ms", env("TICKER_INTERVAL_MS", "1000"));
        options.put("count", env("TICKER_COUNT", "0"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !options.containsKey(arg.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option " + arg);
            }
            options.put(arg.substring(2), args[++i]);
        }
        for (String number : new String[] {"interval-ms", "count"}) {
            try {
                if (Long.parseLong(options.get(number)) < (number.equals("count") ? 0 : 1)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--" + number + " : " + options.get(number) + " (expected: a positive integer)");
            }
        }
        if (!options.get("redis-url").startsWith("redis://")
                && !options.get("redis-url").startsWith("rediss://")) {
            throw new IllegalArgumentException(
                    "--redis-url : " + options.get("redis-url") + " (expected: redis://host:port)");
        }
        return options;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
