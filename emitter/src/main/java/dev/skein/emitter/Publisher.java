package dev.skein.emitter;

import java.util.concurrent.CompletionStage;

/** Where an emitter's messages go: a Redis {@code PUBLISH}. Thread-safe. */
@FunctionalInterface
interface Publisher {
    /** Publishes {@code message} on {@code channel}; completes with the number of subscribers reached. */
    CompletionStage<Long> publish(String channel, byte[] message);
}
