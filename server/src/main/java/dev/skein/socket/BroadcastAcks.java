package dev.skein.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the acknowledgements of one broadcast: complete once every reached client has answered,
 * failed with the partial answers when the timeout comes first. Thread-safe.
 */
final class BroadcastAcks {
    private final CompletableFuture<List<Args>> result = new CompletableFuture<>();
    private final List<Args> responses = new ArrayList<>();
    private final String event;
    private int expected = -1;

    BroadcastAcks(String event) {
        this.event = event;
    }

    CompletableFuture<List<Args>> result() {
        return result;
    }

    /** The adapter reached {@code count} clients. */
    synchronized void expect(int count) {
        expected = count;
        completeIfDone();
    }

    synchronized void add(List<Object> args) {
        responses.add(Args.of(args));
        completeIfDone();
    }

    synchronized void expire(Duration timeout) {
        result.completeExceptionally(new AckTimeoutException(
                "only " + responses.size() + " of " + (expected < 0 ? "?" : expected) + " clients acknowledged '"
                        + event + "' within " + timeout.toMillis() + " ms",
                responses));
    }

    private void completeIfDone() {
        if (expected >= 0 && responses.size() >= expected) {
            result.complete(List.copyOf(responses));
        }
    }
}
