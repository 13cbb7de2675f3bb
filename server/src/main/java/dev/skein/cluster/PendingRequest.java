package dev.skein.cluster;

import dev.skein.adapter.ClusterRequestException;
import dev.skein.wire.ClusterMessage;
import dev.skein.wire.MalformedMessageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A request this node sent to the others (fetch sockets, all rooms, server-side emit with ack): the
 * results gathered, completed once every other node has answered, or failed with partial results at its
 * timeout. Thread-safe.
 */
final class PendingRequest {
    /** Reads the results out of one node's answer. */
    @FunctionalInterface
    interface Reader {
        List<?> read(ClusterMessage answer) throws MalformedMessageException;
    }

    private final String operation;
    private final Reader reader;
    private final int expected;
    private final List<Object> results;
    private final CompletableFuture<List<Object>> result = new CompletableFuture<>();
    private int answered;

    /**
     * @param operation the API name, for the timeout's message
     * @param expected how many other nodes will answer
     * @param initial this node's own results
     * @param reader reads each answer's results
     */
    PendingRequest(String operation, int expected, List<?> initial, Reader reader) {
        this.operation = operation;
        this.reader = reader;
        this.expected = expected;
        this.results = new ArrayList<>(initial);
    }

    /**
     * One node's answer, adding its results. A malformed answer still counts as the node's answer (it
     * will not send another), with no results.
     *
     * @throws MalformedMessageException after counting it, if the answer was malformed
     */
    synchronized void answer(ClusterMessage answer) throws MalformedMessageException {
        if (result.isDone()) {
            return;
        }
        answered++;
        try {
            results.addAll(reader.read(answer));
        } finally {
            completeIfAnswered();
        }
    }

    private void completeIfAnswered() {
        if (answered >= expected) {
            result.complete(List.copyOf(results));
        }
    }

    /** Fails the request with what was gathered, if it is not complete yet. */
    synchronized void expire(Duration timeout) {
        if (!result.isDone()) {
            result.completeExceptionally(
                    ClusterRequestException.timedOut(operation, timeout.toMillis(), answered, expected, results));
        }
    }

    /** Fails the request because it could not be sent. */
    synchronized void unsent(Throwable error) {
        if (!result.isDone()) {
            result.completeExceptionally(ClusterRequestException.unreachable(operation, error, results));
        }
    }

    CompletableFuture<List<Object>> result() {
        return result;
    }
}
