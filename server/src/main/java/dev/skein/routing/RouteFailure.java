package dev.skein.routing;

/**
 * Why a routed event failed: the {@code reason} the client reads in its acknowledgement {@code {"error":
 * reason}}, and a metric tag. Carries no stack trace.
 */
public final class RouteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No route takes the event (and no handler does). */
    public static final String NO_ROUTE = "no route";
    /** The service has no instance, or none could be connected. */
    public static final String UNAVAILABLE = "unavailable";
    /** The service did not answer within the route's timeout. */
    public static final String TIMEOUT = "timeout";
    /** The route has as many calls in flight as it allows, or a channel as many frames waiting. */
    public static final String BUSY = "busy";
    /** The service closed the connection before answering, or the channel dropped. */
    public static final String CLOSED = "closed";
    /** The service answered with something that is not a JSON object. */
    public static final String BAD_ANSWER = "bad answer";
    /** What Skein would send cannot be written as JSON (a socket's data holds something else). */
    public static final String BAD_REQUEST = "bad request";

    private final String reason;
    private final boolean instanceAtFault;

    private RouteFailure(String reason, boolean instanceAtFault) {
        super(reason, null, false, false);
        this.reason = reason;
        this.instanceAtFault = instanceAtFault;
    }

    /** A failure the instance is not to blame for. */
    public static RouteFailure of(String reason) {
        return new RouteFailure(reason, false);
    }

    /** A failure that sets the instance aside: it did not connect or answer in time. */
    public static RouteFailure ofInstance(String reason) {
        return new RouteFailure(reason, true);
    }

    /** The HTTP status of a non-2xx answer: {@code "status 503"}. */
    public static RouteFailure status(int status) {
        return new RouteFailure("status " + status, false);
    }

    public String reason() {
        return reason;
    }

    public boolean instanceAtFault() {
        return instanceAtFault;
    }

    /** The reason of {@code error} (unwrapping completion wrappers), {@value #CLOSED} for anything unexpected. */
    public static RouteFailure from(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RouteFailure failure ? failure : of(CLOSED);
    }
}
