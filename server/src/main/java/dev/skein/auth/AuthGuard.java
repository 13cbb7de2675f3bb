package dev.skein.auth;

import dev.skein.socket.ConnectGuard;
import dev.skein.socket.Next;
import dev.skein.socket.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Authenticator} on every namespace's CONNECT, before the application's middleware and
 * handlers. A refused client gets CONNECT_ERROR {@code {"message":"unauthorized","data":{"reason":...}}} and
 * no handler runs. An accepted socket gets its claims in {@code socket.data()} under {@link Claims#DATA_KEY},
 * and once admitted:
 *
 * <ul>
 *   <li>if its claims have an {@code exp}, it is told {@value #EXPIRED_EVENT} {@code {"reason":"expired"}}
 *       and disconnected (a server DISCONNECT: the client does not reconnect by itself) once {@code exp} plus
 *       the grace (the clock skew) has passed, on its event loop's timer wheel;
 *   <li>the client may send {@value #REFRESH_EVENT} {@code {"token": ...}} with an acknowledgement: the
 *       authenticator's {@link Authenticator#refresh refresh} decides; a new token of the same subject
 *       replaces the claims and the expiry ({@code {"ok":true,"exp":...}}), anything else changes nothing
 *       ({@code {"ok":false,"reason":...}}).
 * </ul>
 *
 * The authenticator's answer, on any thread, resumes on the socket's event loop. Counted in {@link
 * AuthMetrics}. Thread-safe.
 */
public final class AuthGuard implements ConnectGuard {
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String REFRESH_EVENT = "auth:refresh";
    public static final String EXPIRED_EVENT = "auth:expired";
    /** The reason when the authenticator failed (threw, or its stage failed). */
    public static final String ERROR = "error";
    /** The reason a refresh to another subject is refused. */
    public static final String SUBJECT_CHANGED = "subject changed";

    private static final Logger log = LoggerFactory.getLogger(AuthGuard.class);

    private volatile Authenticator authenticator;
    private final AuthMetrics metrics;
    private final Clock clock;
    private final Duration grace;

    /**
     * @param grace how long after its {@code exp} a socket is disconnected: the clock skew its tokens are
     *     checked with, so that it goes when the same token would be refused
     */
    public AuthGuard(Authenticator authenticator, AuthMetrics metrics, Clock clock, Duration grace) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.metrics = metrics;
        this.clock = clock;
        this.grace = grace;
        if (authenticator instanceof JwtAuthenticator) {
            metrics.expect(JwtAuthenticator.REASONS);
        }
    }

    /** The authenticator deciding from now on. */
    public void authenticator(Authenticator replacement) {
        this.authenticator = Objects.requireNonNull(replacement, "authenticator");
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public void handle(Socket socket, Next next) {
        Authenticator current = authenticator;
        ask(() -> current.authenticate(socket.namespace().name(), socket.handshake()))
                .whenCompleteAsync((result, error) -> decide(socket, next, result, error), socket.executor());
    }

    @Override
    public void admitted(Socket socket) {
        Claims.from(socket).ifPresent(claims -> {
            AuthSession session = new AuthSession(this, socket);
            socket.on(REFRESH_EVENT, session::refresh);
            session.expireWith(claims);
        });
    }

    private void decide(Socket socket, Next next, AuthResult result, Throwable error) {
        String refusal = refusal(result, error, socket.namespace().name());
        if (refusal != null) {
            log.debug(
                    "Refused a CONNECT to {} from {}: {}",
                    socket.namespace().name(),
                    socket.handshake().address(),
                    refusal);
            metrics.rejected(refusal);
            next.reject(UNAUTHORIZED, Map.of("reason", refusal));
            return;
        }
        metrics.accepted();
        socket.data().put(Claims.DATA_KEY, result.claims().asMap());
        next.proceed();
    }

    /** Why {@code result} refuses, or {@code null} when it accepts. */
    static String refusal(AuthResult result, Throwable error, String namespace) {
        if (error != null || result == null) {
            log.warn(
                    "Authenticator failed on a CONNECT to {}: {}",
                    namespace,
                    error == null ? "no answer" : error.toString());
            return ERROR;
        }
        return result.accepted() ? null : result.reason();
    }

    /** The authenticator's answer; a throw becomes a failed stage. */
    static CompletionStage<AuthResult> ask(Supplier<CompletionStage<AuthResult>> question) {
        try {
            CompletionStage<AuthResult> answer = question.get();
            return answer != null ? answer : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    AuthMetrics metrics() {
        return metrics;
    }

    Clock clock() {
        return clock;
    }

    Duration grace() {
        return grace;
    }
}
