package dev.skein.adapter;

import java.util.List;

/**
 * A request to the other nodes of the cluster (fetch sockets, all rooms, server-side emit with
 * acknowledgement) that did not get every answer: a node did not answer in time, or the cluster's Redis
 * could not be reached. Carries the results gathered so far (this node's own, and those of the nodes that
 * answered).
 */
public final class ClusterRequestException extends Exception {
    private final transient List<?> partialResults;
    private final int answered;
    private final int expected;

    private ClusterRequestException(String message, Throwable cause, int answered, int expected, List<?> partial) {
        super(message, cause);
        this.partialResults = List.copyOf(partial);
        this.answered = answered;
        this.expected = expected;
    }

    /** {@code expected} other nodes were asked and only {@code answered} answered within {@code timeoutMillis}. */
    public static ClusterRequestException timedOut(
            String operation, long timeoutMillis, int answered, int expected, List<?> partial) {
        return new ClusterRequestException(
                operation + " timed out after " + timeoutMillis + " ms: " + answered + " of " + expected
                        + " other nodes answered",
                null,
                answered,
                expected,
                partial);
    }

    /** The other nodes could not be asked: Redis did not take the request. */
    public static ClusterRequestException unreachable(String operation, Throwable cause, List<?> partial) {
        return new ClusterRequestException(
                operation + " could not reach the other nodes: " + cause.getMessage(), cause, 0, -1, partial);
    }

    /** Whether the other nodes were asked and some did not answer in time. */
    public boolean timedOut() {
        return expected >= 0;
    }

    /** The results gathered: this node's and the answering nodes'. */
    public List<?> partialResults() {
        return partialResults;
    }

    /** How many other nodes answered. */
    public int answered() {
        return answered;
    }

    /** How many other nodes were asked; {@code -1} when none could be. */
    public int expected() {
        return expected;
    }
}
