package dev.skein.auth;

import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Deadline;
import dev.skein.socket.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The authentication of one admitted socket: its expiry on the socket's timer wheel and its refreshes. State
 * on the socket's event loop.
 */
final class AuthSession {
    private final AuthGuard guard;
    private final Socket socket;
    /** Created with the first expiry; one per socket. */
    private Deadline deadline;
    /** When the socket goes: its claims' {@code exp} plus the grace; {@code null} for never. */
    private Instant expiry;

    AuthSession(AuthGuard guard, Socket socket) {
        this.guard = guard;
        this.socket = socket;
    }

    /** Sets the expiry from {@code claims}' {@code exp}; without one, the socket never expires. */
    void expireWith(Claims claims) {
        Optional<Instant> exp = claims.expiresAt();
        if (exp.isEmpty()) {
            expiry = null;
            if (deadline != null) {
                deadline.cancel();
            }
            return;
        }
        expiry = exp.get().plus(guard.grace());
        if (deadline == null) {
            deadline = socket.newDeadline(this::deadlinePassed);
        }
        deadline.arm(Duration.between(guard.clock().instant(), expiry));
    }

    /** The client's {@value AuthGuard#REFRESH_EVENT}. */
    @SuppressWarnings("unchecked")
    void refresh(Args args, Ack ack) {
        Map<String, Object> payload = args.get(0) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Claims current = Claims.from(socket).orElse(Claims.none());
        Authenticator authenticator = guard.authenticator();
        AuthGuard.ask(() -> authenticator.refresh(socket, current, payload))
                .whenCompleteAsync((result, error) -> refreshed(current, result, error, ack), socket.executor());
    }

    private void refreshed(Claims before, AuthResult result, Throwable error, Ack ack) {
        if (!socket.connected()) {
            return;
        }
        String refusal = AuthGuard.refusal(result, error, socket.namespace().name());
        if (refusal == null && !Objects.equals(before.subject(), result.claims().subject())) {
            refusal = AuthGuard.SUBJECT_CHANGED;
        }
        if (refusal != null) {
            guard.metrics().refreshed(refusal);
            Map<String, Object> answer = new LinkedHashMap<>(); // "ok" first, as in the docs, on every JVM
            answer.put("ok", false);
            answer.put("reason", refusal);
            ack.send(answer);
            return;
        }
        Claims claims = result.claims();
        socket.data().put(Claims.DATA_KEY, claims.asMap());
        expireWith(claims);
        guard.metrics().refreshed("ok");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        claims.expiresAt().ifPresent(exp -> answer.put("exp", exp.getEpochSecond()));
        ack.send(answer);
    }

    private void deadlinePassed() {
        if (expiry == null) {
            return;
        }
        Duration left = Duration.between(guard.clock().instant(), expiry);
        if (!left.isNegative() && !left.isZero()) {
            deadline.arm(left); // the wheel fires up to half a tick early, or the wall clock moved
            return;
        }
        guard.metrics().expired();
        socket.emit(AuthGuard.EXPIRED_EVENT, Map.of("reason", JwtAuthenticator.EXPIRED));
        socket.disconnect();
    }
}
